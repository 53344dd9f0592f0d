import { Logger } from '@nestjs/common';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createServiceDataSource } from '@permits/persistence';
import { DATABASES } from '../../../test/support/env';
import { AuditKey } from './audit';
import { AuditStore } from './audit-store';
import { RUNTIME_ENTITIES } from './entities';
import { AnchorLeaf, merkleRoot, nextLeaves } from './merkle';

jest.setTimeout(60_000);

/**
 * The anchor computes its leaves in PostgreSQL and streams them through a cursor: what it stores must be the
 * rule of `nextLeaves` (cases as they are, a gone or shortened case as the previous anchor saw it), under the
 * root the file records.
 */
describe('AuditStore.anchor', () => {
  let db: DataSource;
  let store: AuditStore;
  const dir = mkdtempSync(join(tmpdir(), 'permits-anchor-'));

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const { url } = await DATABASES.fresh('anchor');
    db = createServiceDataSource({ url, schema: 'discharge_permit', entities: RUNTIME_ENTITIES });
    await db.initialize();
    store = new AuditStore(db, {
      key: new AuditKey(Buffer.from('anchor-int-spec-key')),
      anchorDir: dir,
      schema: 'discharge_permit',
      verifyInlineEntries: 1000,
    });
  });
  afterAll(async () => {
    await db?.destroy();
  });

  /** A case with `count` entries (hashes stand-ins: this describe never verifies chains), its head the newest. */
  const put = async (id: string, count: number) => {
    await db.query(
      `INSERT INTO cases (id, definition_key, definition_version, license_type, sub_item_code, applicant_credit_code, applicant_user_id, status, state, version, updated_at, audit_count, audit_head)
       VALUES ($1, 'discharge_permit', 1, 'discharge_permit', 'HB-005-01', 'cc', 'u', 'in_review', '{}', 1, now(), $2, $3)
       ON CONFLICT (id) DO UPDATE SET audit_count = EXCLUDED.audit_count, audit_head = EXCLUDED.audit_head`,
      [id, count, count ? `head-${id}-${count}` : null],
    );
    await db.query(`DELETE FROM audit_log WHERE case_id = $1 AND case_seq > $2`, [id, count]);
    await db.query(
      `INSERT INTO audit_log (case_id, case_seq, at, actor, action, payload, prev_hash, hash, alg)
       SELECT $1, k, now(), 'u', 'a', '{}', NULL, 'head-' || $1 || '-' || k, 'hmac-sha256' FROM generate_series(1, $2::int) k ON CONFLICT DO NOTHING`,
      [id, count],
    );
  };
  const current = async (): Promise<AnchorLeaf[]> =>
    (await db.query(`SELECT id, audit_count, audit_head FROM cases`)).map((c: { id: string; audit_count: number; audit_head: string | null }) => [
      c.id,
      c.audit_count,
      c.audit_head,
    ]);
  const stored = async (seq: number): Promise<AnchorLeaf[]> => (await db.query(`SELECT leaves FROM audit_anchors WHERE seq = $1`, [seq]))[0].leaves;

  it('stores the leaves nextLeaves gives, under the root it appends to the file, and skips when nothing changed', async () => {
    for (let i = 0; i < 12; i++) await put(`case-${String(i).padStart(2, '0')}`, 1 + (i % 3));
    await put('case-empty', 0);
    const first = await store.anchor(new Date('2026-11-30T01:00:00Z'));
    expect(first).toMatchObject({ seq: 1, cases: 13, prevHash: null });
    const firstLeaves = await stored(1);
    expect(firstLeaves).toEqual(nextLeaves([], await current()).leaves);
    expect(first?.root).toBe(merkleRoot(firstLeaves));
    expect(first?.entries).toBe(firstLeaves.reduce((n, l) => n + l[1], 0));
    expect(await store.anchor(new Date('2026-11-30T01:05:00Z'))).toBeNull();

    // one case gone, one shorter, one grown, one new
    await db.query(`DELETE FROM cases WHERE id = 'case-03'`);
    await put('case-04', 1);
    await put('case-05', 7);
    await put('case-99', 1);
    const second = await store.anchor(new Date('2026-11-30T01:10:00Z'));
    const expected = nextLeaves(firstLeaves, await current());
    expect(expected.carried.map((l) => l[0])).toEqual(['case-03', 'case-04']);
    expect(await stored(2)).toEqual(expected.leaves);
    expect(second).toMatchObject({ seq: 2, cases: 14, root: merkleRoot(expected.leaves), prevHash: first?.hash });
    const file = readFileSync(store.anchorFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // the first line names the database; then the anchors, each with the root of the leaves it changed
    expect(file).toEqual([{ database: await store.databaseIdentity(), schema: 'discharge_permit', created: expect.any(String) }, first, second]);
    const changed: AnchorLeaf[] = (await db.query(`SELECT id, n, head FROM audit_anchor_leaves WHERE seq = 2 ORDER BY id COLLATE "C"`)).map(
      (r: { id: string; n: number; head: string | null }) => [r.id, r.n, r.head],
    );
    expect(changed).toEqual([
      ['case-05', 7, 'head-case-05-7'],
      ['case-99', 1, 'head-case-99-1'],
    ]);
    expect(second).toMatchObject({ delta: merkleRoot(changed), changed: 2 });
  });

  it("refuses a new anchor while the table's leaves of the newest one do not match the file", async () => {
    const [last] = await db.query(`SELECT seq, leaves FROM audit_anchors ORDER BY seq DESC LIMIT 1`);
    await db.query(`UPDATE audit_anchors SET leaves = $1 WHERE seq = $2`, [JSON.stringify((last.leaves as AnchorLeaf[]).slice(1)), last.seq]);
    await put('case-100', 1);
    expect(await store.anchor(new Date('2026-11-30T01:15:00Z'))).toBeNull();
    // leaves put out of order (same set) are refused too
    await db.query(`UPDATE audit_anchors SET leaves = $1 WHERE seq = $2`, [JSON.stringify([...(last.leaves as AnchorLeaf[])].reverse()), last.seq]);
    expect(await store.anchor(new Date('2026-11-30T01:20:00Z'))).toBeNull();
    await db.query(`UPDATE audit_anchors SET leaves = $1 WHERE seq = $2`, [JSON.stringify(last.leaves), last.seq]);
    expect(await store.anchor(new Date('2026-11-30T01:25:00Z'))).toMatchObject({ seq: last.seq + 1 });
  });
});
