import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createServiceDataSource } from '@permits/persistence';
import { DATABASES } from '../../../../test/support/env';
import { INTAKE_ENTITIES, INTAKE_SCHEMA } from '../data-source';
import { LocalFileStore } from './local-file-store';
import { UploadSweep } from './upload-sweep';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const NOW = new Date('2026-06-01T08:00:00Z');
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR);
const ENTERPRISE_A = '91350100M000100Y6X';
const ENTERPRISE_B = '91110000100000000A';
const ENTERPRISE_C = '91310000100000000B';

/** UploadSweep against real PostgreSQL and a store on disk: what goes, what stays, batch by batch. */
describe(UploadSweep.name, () => {
  let db: DataSource;
  let dir: string;
  let store: LocalFileStore;
  let sweep: UploadSweep;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const { url } = await DATABASES.fresh('upload-sweep');
    db = createServiceDataSource({ url, schema: INTAKE_SCHEMA, entities: INTAKE_ENTITIES });
    await db.initialize();
    dir = await mkdtemp(join(tmpdir(), 'upload-sweep-'));
    store = new LocalFileStore(dir);
    sweep = new UploadSweep(db, store);
  });
  afterAll(async () => {
    await db?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await db.query(`DELETE FROM file_uploads`);
    await db.query(`DELETE FROM files`);
    await db.query(`DELETE FROM applications`);
  });

  /** A content in the store, uploaded by `by` (each enterprise at the hours ago given). */
  async function uploaded(label: string, by: Record<string, number>): Promise<string> {
    const { sha256, size } = await store.put(Buffer.from(`%PDF-1.4 ${label} ${randomUUID()}`));
    const first = Math.max(...Object.values(by));
    const [firstBy] = Object.entries(by).find(([, h]) => h === first) as [string, number];
    await db.query(
      `INSERT INTO files (sha256, size, media_type, uploader_credit_code, uploader_user_id, uploaded_at) VALUES ($1, $2, 'application/pdf', $3, 'u-1', $4)`,
      [sha256, size, firstBy, ago(first)],
    );
    for (const [creditCode, hours] of Object.entries(by)) {
      await db.query(`INSERT INTO file_uploads (sha256, credit_code, uploader_user_id, uploaded_at) VALUES ($1, $2, 'u-1', $3)`, [
        sha256,
        creditCode,
        ago(hours),
      ]);
    }
    return sha256;
  }

  /** An application of `creditCode` listing these files among its materials. */
  async function applicationOf(creditCode: string, ...hashes: string[]): Promise<void> {
    const materials = hashes.map((sha256, i) => ({ code: `M${i + 1}`, fileName: `m${i + 1}.pdf`, sha256 }));
    await db.query(
      `INSERT INTO applications (id, credit_code, applicant_name, applicant_user_id, sub_item_code, license_type, project, materials, status, owner, channel, received_on, created_at, updated_at)
       VALUES ($1, $2, 'An Enterprise', 'u-1', 'EIA-REPORT', 'eia', '{}', $3, 'submitted', 'intake', 'portal', '2026-05-01', $4, $4)`,
      [randomUUID(), creditCode, JSON.stringify(materials), ago(100)],
    );
  }

  const uploadsOf = async (sha256: string) =>
    ((await db.query(`SELECT credit_code FROM file_uploads WHERE sha256 = $1 ORDER BY credit_code`, [sha256])) as { credit_code: string }[]).map(
      (r) => r.credit_code,
    );
  const recorded = async (sha256: string) => ((await db.query(`SELECT 1 FROM files WHERE sha256 = $1`, [sha256])) as unknown[]).length === 1;

  it('removes an old upload no application refers to: its record, its file row and its bytes', async () => {
    const unused = await uploaded('unused', { [ENTERPRISE_A]: 25 });
    expect(await sweep.sweep(NOW, 24)).toEqual({ uploads: 1, files: 1 });
    expect(await uploadsOf(unused)).toEqual([]);
    expect(await recorded(unused)).toBe(false);
    expect(await store.has(unused)).toBe(false);
  });

  it('keeps an upload younger than the age, and one the enterprise attached to an application', async () => {
    const young = await uploaded('young', { [ENTERPRISE_A]: 23 });
    const attached = await uploaded('attached', { [ENTERPRISE_A]: 500 });
    await applicationOf(ENTERPRISE_A, attached);
    expect(await sweep.sweep(NOW, 24)).toEqual({ uploads: 0, files: 0 });
    for (const sha of [young, attached]) {
      expect(await uploadsOf(sha)).toEqual([ENTERPRISE_A]);
      expect(await store.has(sha)).toBe(true);
    }
  });

  it("frees one enterprise's unused upload of a content another enterprise attached, keeping the content", async () => {
    const shared = await uploaded('shared', { [ENTERPRISE_A]: 48, [ENTERPRISE_B]: 30 });
    await applicationOf(ENTERPRISE_B, shared);
    expect(await sweep.sweep(NOW, 24)).toEqual({ uploads: 1, files: 0 });
    expect(await uploadsOf(shared)).toEqual([ENTERPRISE_B]);
    expect(await store.has(shared)).toBe(true);
  });

  it('keeps a content an application refers to without an upload record (a declared document)', async () => {
    const declared = await uploaded('declared', { [ENTERPRISE_A]: 48 });
    await applicationOf(ENTERPRISE_C, declared);
    expect(await sweep.sweep(NOW, 24)).toEqual({ uploads: 1, files: 0 });
    expect(await recorded(declared)).toBe(true);
    expect(await store.has(declared)).toBe(true);
  });

  it('works through more than one batch', async () => {
    const hashes = [];
    for (let i = 0; i < 7; i++) hashes.push(await uploaded(`batch ${i}`, { [ENTERPRISE_A]: 30 + i, [ENTERPRISE_B]: 40 }));
    expect(await sweep.sweep(NOW, 24, 3)).toEqual({ uploads: 14, files: 7 });
    for (const sha of hashes) expect(await store.has(sha)).toBe(false);
  });

  it('removes nothing when the age is 0 (sweep off)', async () => {
    const unused = await uploaded('kept', { [ENTERPRISE_A]: 1000 });
    expect(await sweep.sweep(NOW, 0)).toEqual({ uploads: 0, files: 0 });
    expect(await store.has(unused)).toBe(true);
  });

  it('keeps the bytes when the store fails to remove them, so the next sweep retries', async () => {
    const unused = await uploaded('store down', { [ENTERPRISE_A]: 30 });
    const failing = new UploadSweep(
      db,
      Object.assign(Object.create(store) as LocalFileStore, { delete: () => Promise.reject(new Error('store unreachable')) }),
    );
    await expect(failing.sweep(NOW, 24)).rejects.toThrow('store unreachable');
    expect(await recorded(unused)).toBe(true);
    expect(await sweep.sweep(NOW, 24)).toEqual({ uploads: 0, files: 1 });
    expect(await store.has(unused)).toBe(false);
  });
});
