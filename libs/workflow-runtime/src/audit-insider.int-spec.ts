import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createServiceDataSource } from '@permits/persistence';
import { DATABASES } from '../../../test/support/env';
import { AuditKey, auditHash, canonical } from './audit';
import { AuditAnchorHost } from './audit-anchor.host';
import { AuditRecords, AuditRecordSource } from './audit-records';
import { AnchorFileMismatch, AnchorRecord, AuditStore } from './audit-store';
import { RUNTIME_ENTITIES } from './entities';
import { AnchorLeaf, merkleRoot } from './merkle';

jest.setTimeout(60_000);

const KEY = new AuditKey(Buffer.from('insider-int-spec-key'));
/** The permit register as discharge-permit declares it (apps/discharge-permit/src/permits/permit-audit.ts). */
const PERMITS: AuditRecordSource = {
  kind: 'permit',
  table: 'permits',
  key: 'permit_no',
  columns: [
    'permit_no',
    'application_id',
    'license_type',
    'credit_code',
    'holder_name',
    'management_category',
    'valid_from',
    'valid_to',
    'status',
    'deemed_renewal',
    'deemed_by',
    'details',
    'issued_at',
  ],
  instants: ['issued_at'],
};

interface Store {
  db: DataSource;
  store: AuditStore;
  records: AuditRecords;
  dir: string;
}

/**
 * What an insider with write access to the database (not to the anchor files, not to AUDIT_KEY) tries against
 * the audit store, each move against a store of its own: every one is refused or reported.
 */
describe('AuditStore against an insider', () => {
  const open: DataSource[] = [];
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(async () => {
    for (const db of open) await db.destroy();
  });

  async function aStore(label: string, o: { dir?: string; verifyInlineEntries?: number } = {}): Promise<Store> {
    const { url } = await DATABASES.fresh(label);
    const db = createServiceDataSource({ url, schema: 'discharge_permit', entities: RUNTIME_ENTITIES });
    await db.initialize();
    open.push(db);
    const records = new AuditRecords(KEY, [PERMITS]);
    const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'permits-insider-'));
    const store = new AuditStore(db, {
      key: KEY,
      anchorDir: dir,
      schema: 'discharge_permit',
      verifyInlineEntries: o.verifyInlineEntries ?? 1_000_000,
      records,
    });
    return { db, store, records, dir };
  }

  const entryOf = (r: { case_id: string; case_seq: number; at: Date; actor: string; action: string; payload: Record<string, unknown> }) => ({
    caseId: r.case_id,
    caseSeq: r.case_seq,
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    action: r.action,
    payload: r.payload,
  });

  /** Appends entries to a case's chain as the runtime does (keyed, or unkeyed as before keying), creating the case. */
  async function append(db: DataSource, id: string, actions: string[], key: AuditKey | null = KEY): Promise<void> {
    await db.query(
      `INSERT INTO cases (id, definition_key, definition_version, license_type, sub_item_code, applicant_credit_code, applicant_user_id, status, state, version, updated_at)
       VALUES ($1, 'discharge_permit', 1, 'discharge_permit', 'HB-005-01', 'cc', 'u', 'in_review', '{}', 1, now()) ON CONFLICT (id) DO NOTHING`,
      [id],
    );
    const [c] = await db.query(`SELECT audit_head, audit_count FROM cases WHERE id = $1`, [id]);
    let prev: string | null = c.audit_head;
    let seq: number = c.audit_count;
    for (const action of actions) {
      const entry = { caseId: id, caseSeq: ++seq, at: new Date().toISOString(), actor: 'officer-1', action, payload: { n: seq } };
      const hash = auditHash(prev, entry, key, key ? key.alg : 'sha256');
      await db.query(
        `INSERT INTO audit_log (case_id, case_seq, at, actor, action, payload, prev_hash, hash, alg) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id, seq, entry.at, entry.actor, action, JSON.stringify(entry.payload), prev, hash, key ? key.alg : 'sha256'],
      );
      prev = hash;
    }
    await db.query(`UPDATE cases SET audit_head = $1, audit_count = $2 WHERE id = $3`, [prev, seq, id]);
  }

  /** Rewrites a case's chain from its first entry, actor replaced, recomputed with `key` (null: unkeyed sha256, marked as before keying). */
  async function rewrite(db: DataSource, id: string, key: AuditKey | null): Promise<void> {
    const rows = await db.query(`SELECT id, case_id, case_seq, at, actor, action, payload FROM audit_log WHERE case_id = $1 ORDER BY case_seq`, [id]);
    let prev: string | null = null;
    for (const r of rows) {
      const entry = { ...entryOf(r), actor: r.case_seq === 1 ? 'someone-else' : r.actor };
      const hash: string = key
        ? auditHash(prev, entry, key)
        : createHash('sha256')
            .update(prev ?? 'genesis')
            .update('|')
            .update(canonical(entry))
            .digest('hex');
      await db.query(`UPDATE audit_log SET actor = $1, prev_hash = $2, hash = $3, alg = $4 WHERE id = $5`, [
        entry.actor,
        prev,
        hash,
        key ? key.alg : 'sha256',
        r.id,
      ]);
      prev = hash;
    }
    await db.query(`UPDATE cases SET audit_head = $1 WHERE id = $2`, [prev, id]);
  }

  const leafOf = async (db: DataSource, seq: number, id: string): Promise<AnchorLeaf | undefined> =>
    ((await db.query(`SELECT leaves FROM audit_anchors WHERE seq = $1`, [seq]))[0].leaves as AnchorLeaf[]).find((l) => l[0] === id);

  describe('laundering through the re-key', () => {
    it('re-keys unkeyed chains before the first anchor (the bench seed), and never after: a chain rewritten unkeyed stays reported', async () => {
      const { db, store } = await aStore('insider-rekey');
      // written before keying (the bench's seed): re-keyed at the first start, then anchored
      await append(db, 'seeded', ['submit', 'accept'], null);
      expect(await store.rekeyLegacy()).toEqual({ rekeyed: 1, refused: [] });
      await append(db, 'case-x', ['submit', 'accept', 'review']);
      expect(await store.anchor(new Date())).toMatchObject({ seq: 1 });
      expect(await store.verify()).toEqual({ ok: true, entries: 5 });

      // the insider rewrites case-x as unkeyed entries, chain and head recomputed, and the worker restarts
      await rewrite(db, 'case-x', null);
      expect(await store.rekeyLegacy()).toEqual({ rekeyed: 0, refused: [] });
      expect((await db.query(`SELECT DISTINCT alg FROM audit_log WHERE case_id = 'case-x'`)).map((r: { alg: string }) => r.alg)).toEqual(['sha256']);
      // the next anchor keeps case-x as the first one saw it
      await append(db, 'case-y', ['submit']);
      const next = await store.anchor(new Date());
      expect(next).toMatchObject({ seq: 2 });
      expect(await leafOf(db, 2, 'case-x')).toEqual(await leafOf(db, 1, 'case-x'));
      expect(await store.verify()).toEqual({ ok: false, brokenAt: 'case-x#1' });
    });

    it("carries a chain re-signed with the key (as an older worker's re-key did) as the anchor saw it, and verification names it", async () => {
      const { db, store } = await aStore('insider-resign');
      await append(db, 'case-x', ['submit', 'accept', 'review']);
      await store.anchor(new Date());
      const seen = await leafOf(db, 1, 'case-x');
      await rewrite(db, 'case-x', KEY); // a chain that verifies: only the anchors know the first one
      await append(db, 'case-x', ['decide']);
      // nothing else changed: the chain is carried as seen, so there is nothing new to anchor
      expect(await store.anchor(new Date())).toBeNull();
      await append(db, 'case-other', ['submit']);
      expect(await store.anchor(new Date())).toMatchObject({ seq: 2 });
      expect(await leafOf(db, 2, 'case-x')).toEqual(seen);
      expect(await store.verify()).toEqual({ ok: false, brokenAt: 'case:case-x' });
    });

    it("finds a chain truncated and regrown through every anchor, also when a later anchor (an older worker's) recorded the new head", async () => {
      const { db, store, dir } = await aStore('insider-regrow');
      await append(db, 'case-z', ['submit', 'accept', 'review']);
      await append(db, 'case-w', ['submit']);
      await store.anchor(new Date());
      // the last entry removed, two new ones written in its place with the key (the application writes them)
      await db.query(`DELETE FROM audit_log WHERE case_id = 'case-z' AND case_seq = 3`);
      const [two] = await db.query(`SELECT hash FROM audit_log WHERE case_id = 'case-z' AND case_seq = 2`);
      await db.query(`UPDATE cases SET audit_count = 2, audit_head = $1 WHERE id = 'case-z'`, [two.hash]);
      await append(db, 'case-z', ['review', 'decide']);
      await append(db, 'case-w', ['accept']);
      expect(await store.anchor(new Date())).toMatchObject({ seq: 2 });
      expect(await leafOf(db, 2, 'case-z')).toEqual(await leafOf(db, 1, 'case-z'));
      expect(await store.verify()).toEqual({ ok: false, brokenAt: 'case:case-z' });

      // an anchor as a worker before this version wrote it: every chain as it is now, the new head recorded
      const heads: AnchorLeaf[] = (await db.query(`SELECT id, audit_count, audit_head FROM cases`)).map(
        (c: { id: string; audit_count: number; audit_head: string }) => [c.id, c.audit_count, c.audit_head],
      );
      const [last] = (await store.fileAnchors()).slice(-1);
      const record: Omit<AnchorRecord, 'hash'> = {
        seq: 3,
        at: new Date().toISOString(),
        root: merkleRoot(heads),
        cases: heads.length,
        entries: heads.reduce((n, l) => n + l[1], 0),
        prevHash: last.hash,
      };
      const old: AnchorRecord = { ...record, hash: store.anchorHash(record) };
      await db.query(`INSERT INTO audit_anchors (seq, at, root, cases, entries, leaves, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        3,
        old.at,
        old.root,
        old.cases,
        old.entries,
        JSON.stringify([...heads].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
        old.prevHash,
        old.hash,
      ]);
      appendFileSync(join(dir, 'discharge_permit.anchors.jsonl'), `${JSON.stringify(old)}\n`);
      // the newest anchor agrees with the database; the first one does not
      expect(await store.verify()).toEqual({ ok: false, brokenAt: 'case:case-z' });
    });

    it("reports an anchor's changed leaves edited in the table (their root is in the file)", async () => {
      const { db, store } = await aStore('insider-delta');
      await append(db, 'case-a', ['submit']);
      await store.anchor(new Date());
      await append(db, 'case-a', ['accept']);
      await store.anchor(new Date());
      await append(db, 'case-a', ['review']);
      await store.anchor(new Date());
      expect(await store.verify()).toMatchObject({ ok: true });
      await db.query(`UPDATE audit_anchor_leaves SET n = 1 WHERE seq = 2`);
      expect(await store.verify()).toEqual({ ok: false, brokenAt: 'anchor:2' });
      await db.query(`UPDATE audit_anchor_leaves SET n = 2 WHERE seq = 2`);
      await db.query(`DELETE FROM audit_anchor_leaves WHERE seq = 1`);
      expect(await store.verify()).toEqual({ ok: false, brokenAt: 'anchor:1' });
    });
  });

  describe('a verification written into the database', () => {
    it('never answers from a row without a valid signature', async () => {
      const { db, store } = await aStore('insider-verification', { verifyInlineEntries: 0 });
      await append(db, 'case-x', ['submit']);
      await db.query(`ANALYZE audit_log`);
      await db.query(
        `INSERT INTO audit_verifications (id, status, total, checked, result, started_at, updated_at, finished_at) VALUES ('forged', 'done', 1, 1, '{"ok":true,"entries":1}', now(), now(), now() + interval '10 years')`,
      );
      const answer = await store.verifyBounded();
      expect(answer).toEqual({ ok: null, verificationId: expect.any(String) });
      expect(await store.verification('forged')).toMatchObject({ status: 'failed', result: null });
      await store.idle();
      // a verification that ran is signed, and answers
      const real = await store.verification((answer as { verificationId: string }).verificationId);
      expect(real).toMatchObject({ status: 'done', result: { ok: true, entries: 1 }, signature: expect.any(String) });
      expect(await store.verifyBounded()).toEqual({ ok: true, entries: 1, verifiedAt: real?.finishedAt?.toISOString() });

      // a signed row altered (its result, or moved into the future) is ignored too
      await db.query(`UPDATE audit_verifications SET finished_at = finished_at + interval '10 years' WHERE id = $1`, [real?.id]);
      expect(await store.verifyBounded()).toEqual({ ok: null, verificationId: expect.any(String) });
      await store.idle();
      await db.query(
        `UPDATE audit_verifications SET result = '{"ok":true,"entries":99}' WHERE status = 'done' AND signature IS NOT NULL AND finished_at < now() + interval '1 day'`,
      );
      expect(await store.verifyBounded()).toEqual({ ok: null, verificationId: expect.any(String) });
      await store.idle();
    });
  });

  describe('the permit register', () => {
    const insertPermit = (db: DataSource | { query: DataSource['query'] }, no: string, holder = 'Holder Co') =>
      db.query(
        `INSERT INTO permits (permit_no, application_id, license_type, credit_code, holder_name, management_category, valid_from, valid_to, status, details)
         VALUES ($1, 'app-1', 'discharge_permit', '91310000MA1FL8XQ30', $2, 'key', '2026-01-01', '2030-12-31', 'valid', '{}')`,
        [no, holder],
      );

    it('detects a register row edited, added or removed in the database; its changes through the code verify', async () => {
      const { db, store, records } = await aStore('insider-permits');
      await db.transaction(async (tx) => {
        await insertPermit(tx, 'PW-2026-000001');
        await records.write(tx, 'permit', 'PW-2026-000001', 'issued', 'case:app-1');
      });
      // a change written in another session time zone digests the same
      await db.transaction(async (tx) => {
        await tx.query(`SET LOCAL TIME ZONE 'Asia/Shanghai'`);
        await tx.query(`UPDATE permits SET status = 'expiring' WHERE permit_no = 'PW-2026-000001'`);
        await records.write(tx, 'permit', 'PW-2026-000001', 'expiring', 'system');
      });
      expect(await store.anchor(new Date())).toMatchObject({ seq: 1 });
      expect(await store.verify()).toMatchObject({ ok: true });

      await db.query(`UPDATE permits SET holder_name = 'Someone Else' WHERE permit_no = 'PW-2026-000001'`);
      expect(await store.verify()).toEqual({ ok: false, brokenAt: 'permit:PW-2026-000001' });
      await db.query(`UPDATE permits SET holder_name = 'Holder Co' WHERE permit_no = 'PW-2026-000001'`);
      expect(await store.verify()).toMatchObject({ ok: true });

      // a column added to the table (a migration) changes no digest: each entry names the columns it covers
      await db.query(`ALTER TABLE permits ADD COLUMN e2e_note text DEFAULT 'x'`);
      expect(await store.verify()).toMatchObject({ ok: true });
      await db.query(`ALTER TABLE permits DROP COLUMN e2e_note`);
      // an entry's column list edited to leave out what was changed breaks its chain
      await db.query(`UPDATE permits SET status = 'revoked' WHERE permit_no = 'PW-2026-000001'`);
      await db.query(`UPDATE audit_log SET payload = jsonb_set(payload, '{columns}', '["permit_no"]') WHERE case_id = 'permit:PW-2026-000001'`);
      expect(await store.verify()).toEqual({ ok: false, brokenAt: 'permit:PW-2026-000001#1' });
      await db.query(`UPDATE permits SET status = 'expiring' WHERE permit_no = 'PW-2026-000001'`);
      await db.query(`UPDATE audit_log SET payload = jsonb_set(payload, '{columns}', $1::jsonb) WHERE case_id = 'permit:PW-2026-000001'`, [
        JSON.stringify(PERMITS.columns),
      ]);
      expect(await store.verify()).toMatchObject({ ok: true });

      // a row added without its entry, and a worker restarted: not adopted once an anchor covers records
      await insertPermit(db, 'PW-2026-000999');
      expect(await store.adoptRecords(new Date())).toBe(0);
      expect(await store.verify()).toEqual({ ok: false, brokenAt: 'permit:PW-2026-000999' });
      await db.query(`DELETE FROM permits WHERE permit_no = 'PW-2026-000999'`);

      await db.query(`DELETE FROM permits WHERE permit_no = 'PW-2026-000001'`);
      expect(await store.verify()).toEqual({ ok: false, brokenAt: 'permit:PW-2026-000001' });
      // and removing its chain too shows through the anchor that saw it
      await db.query(`DELETE FROM audit_log WHERE case_id = 'permit:PW-2026-000001'`);
      await db.query(`DELETE FROM audit_chains WHERE id = 'permit:PW-2026-000001'`);
      expect(await store.verify()).toEqual({ ok: false, brokenAt: 'case:permit:PW-2026-000001' });
    });

    it('adopts the rows written before the coverage, before the first anchor that covers records', async () => {
      const { db, store } = await aStore('insider-adopt');
      await insertPermit(db, 'PW-2025-000001');
      expect(await store.verify()).toEqual({ ok: false, brokenAt: 'permit:PW-2025-000001' });
      // more than one batch (1,000), one already chained
      await db.query(
        `INSERT INTO permits (permit_no, application_id, license_type, credit_code, holder_name, valid_from, status)
         SELECT 'PW-2024-' || lpad(k::text, 6, '0'), 'app', 'discharge_permit', 'cc', 'Holder', '2024-01-01', 'valid' FROM generate_series(1, 2500) k`,
      );
      await store.adoptRecords(new Date());
      expect(await store.verify()).toMatchObject({ ok: true, entries: 2501 });
      await db.query(
        `INSERT INTO permits (permit_no, application_id, license_type, credit_code, holder_name, valid_from, status) VALUES ('PW-2025-000002', 'app', 'discharge_permit', 'cc', 'Holder', '2025-01-01', 'valid')`,
      );
      expect(await store.adoptRecords(new Date())).toBe(1);
      expect(await store.verify()).toMatchObject({ ok: true, entries: 2502 });
      await store.anchor(new Date());
      expect(await store.verify()).toMatchObject({ ok: true });
    });
  });

  describe('the anchor file', () => {
    const lines = (file: string) =>
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));

    it("names its database in its first line; another database's file stops the worker at start with one line (exit 78)", async () => {
      const a = await aStore('insider-file-a');
      expect(await a.store.checkAnchorFile()).toBe('fresh');
      await append(a.db, 'case-x', ['submit']);
      await a.store.anchor(new Date());
      expect(lines(a.store.anchorFile)[0]).toEqual({ database: await a.store.databaseIdentity(), schema: 'discharge_permit', created: expect.any(String) });
      expect(await a.store.checkAnchorFile()).toBe('bound');

      // a re-created database (here: another one) pointed at the same directory
      const b = await aStore('insider-file-b', { dir: a.dir });
      expect(await b.store.databaseIdentity()).not.toEqual(await a.store.databaseIdentity());
      await expect(b.store.checkAnchorFile()).rejects.toThrow(AnchorFileMismatch);
      await expect(b.store.checkAnchorFile()).rejects.toThrow(`audit anchor file ${a.store.anchorFile} belongs to database`);
      const exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        const host = new AuditAnchorHost(b.store);
        await host.onApplicationBootstrap();
        expect(exit).toHaveBeenCalledWith(78);
        expect(stderr).toHaveBeenCalledTimes(1);
        expect(String(stderr.mock.calls[0][0])).toMatch(
          /^audit anchor file .*discharge_permit\.anchors\.jsonl belongs to database .* move the file out of AUDIT_ANCHOR_DIR.*\n$/,
        );
        await host.onApplicationShutdown();
      } finally {
        exit.mockRestore();
        stderr.mockRestore();
      }
      expect(await b.store.verify()).toEqual({ ok: false, brokenAt: 'anchor:another-database' });
      // a worker that started while its database was away checks again at every anchor: nothing is appended
      const before = readFileSync(a.store.anchorFile, 'utf8');
      await append(b.db, 'case-b0', ['submit']);
      expect(await b.store.anchor(new Date())).toBeNull();
      expect(readFileSync(a.store.anchorFile, 'utf8')).toBe(before);

      // the same database with an empty directory starts a fresh file
      const fresh = new AuditStore(b.db, {
        key: KEY,
        anchorDir: mkdtempSync(join(tmpdir(), 'permits-insider-')),
        schema: 'discharge_permit',
        verifyInlineEntries: 1000,
      });
      expect(await fresh.checkAnchorFile()).toBe('fresh');
      await append(b.db, 'case-b', ['submit']);
      expect(await fresh.anchor(new Date())).toMatchObject({ seq: 1, prevHash: null });
      expect(lines(fresh.anchorFile)[0]).toMatchObject({ database: await b.store.databaseIdentity() });
      expect(await fresh.verify()).toMatchObject({ ok: true });
    });

    it("gives a file written before headers its header when its anchors are this database's, and refuses it on another", async () => {
      const a = await aStore('insider-headerless-a');
      await append(a.db, 'case-x', ['submit']);
      await a.store.anchor(new Date());
      await append(a.db, 'case-x', ['accept']);
      await a.store.anchor(new Date());
      const withoutHeader = lines(a.store.anchorFile).slice(1);
      const write = () => writeFileSync(a.store.anchorFile, withoutHeader.map((l) => `${JSON.stringify(l)}\n`).join(''));
      write();
      const b = await aStore('insider-headerless-b', { dir: a.dir });
      await expect(b.store.checkAnchorFile()).rejects.toThrow('which this database does not hold');
      expect(await a.store.checkAnchorFile()).toBe('adopted');
      expect(lines(a.store.anchorFile)).toEqual([
        { database: await a.store.databaseIdentity(), schema: 'discharge_permit', created: expect.any(String) },
        ...withoutHeader,
      ]);
      expect(await a.store.verify()).toMatchObject({ ok: true });
      expect(await a.store.checkAnchorFile()).toBe('bound');
    });
  });
});
