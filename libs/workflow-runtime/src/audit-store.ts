import { Logger } from '@nestjs/common';
import { appendFile, mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { join, resolve } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { AuditKey, auditHash, canonical, StoredAudit, verifyChain } from './audit';
import { AuditRecords, recordMismatchSql } from './audit-records';
import { AuditRow, AuditVerificationRow } from './entities';
import { AnchorLeaf, MerkleBuilder } from './merkle';
import { safeErrorMessage } from '@permits/core';

export type VerifyResult = { ok: true; entries: number } | { ok: false; brokenAt: string };

/** One line of the anchor file: what the table holds, less the leaves (their root stands for them). */
export interface AnchorRecord {
  seq: number;
  at: string;
  root: string;
  cases: number;
  entries: number;
  prevHash: string | null;
  /** Merkle root of the leaves this anchor changed (new or grown chains), stored in audit_anchor_leaves; absent on anchors written before. */
  delta?: string;
  changed?: number;
  hash: string;
}

/** The anchor file's first line: the database it belongs to (a file never vouches for another database). */
export interface AnchorFileHeader {
  database: { system: string; oid: number };
  schema: string;
  created: string;
}

/** The anchor file belongs to another database: the worker stops at start (exit 78) with this line. */
export class AnchorFileMismatch extends Error {}

const sameDatabase = (h: AnchorFileHeader, db: AnchorFileHeader['database'], schema: string): boolean =>
  h.database.system === db.system && h.database.oid === db.oid && h.schema === schema;

/** Every case's and record chain's head: what an anchor's leaves are made of. */
const HEADS = `(SELECT id, audit_count, audit_head FROM cases UNION ALL SELECT id, audit_count, audit_head FROM audit_chains)`;

export interface AuditStoreOptions {
  key: AuditKey;
  /** Directory of the append-only anchor files (one per schema). */
  anchorDir: string;
  /** This service's schema: names its anchor file. */
  schema: string;
  /** GET /audit/verify checks in the request up to this many entries (estimated); above, it answers the newest job. */
  verifyInlineEntries: number;
  /** This service's record chains (the permit register, applications, plans): adopted, anchored and verified with the cases. */
  records?: AuditRecords;
}

const BATCH = 500;
/** A running verification that has not reported progress for this long died with its process. */
const STALE_MS = 120_000;
/** Anchors older than the newest few keep their root, not their leaves. */
const KEEP_LEAVES = 2;
/** Leaves fetched per round trip while an anchor streams them. */
const LEAF_BATCH = 5000;

/**
 * The audit store of one case service: the anchor log (a Merkle root over every case's head, chained and
 * appended to a file outside the database) and verification of the whole store against chains and anchors.
 */
export class AuditStore {
  private readonly logger = new Logger('AuditStore');
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly db: DataSource,
    private readonly o: AuditStoreOptions,
  ) {}

  get anchorFile(): string {
    return resolve(join(this.o.anchorDir, `${this.o.schema}.anchors.jsonl`));
  }

  anchorHash(r: Omit<AnchorRecord, 'hash'>): string {
    const { seq, at, root, cases, entries, prevHash, delta, changed } = r;
    // delta and changed are undefined on anchors written before them: canonical leaves them out, the old hash holds
    return this.o.key.mac(this.o.key.alg, 'anchor|', canonical({ seq, at, root, cases, entries, prevHash, delta, changed }));
  }

  /** The anchor file: its header (null on a file written before headers) and records, oldest first (none while there is no file). */
  async readAnchorFile(): Promise<{ exists: boolean; header: AnchorFileHeader | null; anchors: AnchorRecord[] }> {
    let text: string;
    try {
      text = await readFile(this.anchorFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, header: null, anchors: [] };
      throw err;
    }
    const lines = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as AnchorRecord | AnchorFileHeader);
    const header = lines[0] && 'database' in lines[0] ? (lines.shift() as AnchorFileHeader) : null;
    return { exists: text.trim() !== '', header, anchors: lines as AnchorRecord[] };
  }

  /** The anchor file's records, oldest first ([] while there is none). */
  async fileAnchors(): Promise<AnchorRecord[]> {
    return (await this.readAnchorFile()).anchors;
  }

  /** The database this store lives in: the cluster's system identifier and the database's oid (a copy or a re-created database has another). */
  async databaseIdentity(q: Pick<EntityManager, 'query'> = this.db): Promise<AnchorFileHeader['database']> {
    const [r]: { system: string; oid: number }[] = await q.query(
      `SELECT (SELECT system_identifier::text FROM pg_control_system()) AS system, oid::int AS oid FROM pg_database WHERE datname = current_database()`,
    );
    return { system: r.system, oid: r.oid };
  }

  /**
   * At a worker's start: the anchor file must belong to this database. A file whose header names another
   * database (the database was dropped and re-created, or AUDIT_ANCHOR_DIR is another system's) throws
   * AnchorFileMismatch: verification could never answer ok again and no anchor would be written. A file written
   * before headers gets its header when its newest anchor is this database's (same seq and hash in
   * audit_anchors), and is refused otherwise. No file, or an empty one: the first anchor starts it.
   */
  async checkAnchorFile(): Promise<'fresh' | 'bound' | 'adopted'> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('audit_anchor'))`);
      const db = await this.databaseIdentity(tx);
      const file = await this.readAnchorFile();
      const mismatch = (why: string) =>
        new AnchorFileMismatch(
          `audit anchor file ${this.anchorFile} ${why}: this is database ${db.system}/${db.oid}. For a new database, move the file out of AUDIT_ANCHOR_DIR (keep it: it is the record of the other one); otherwise point AUDIT_ANCHOR_DIR at this database's anchor files`,
        );
      if (file.header) {
        if (!sameDatabase(file.header, db, this.o.schema)) {
          throw mismatch(`belongs to database ${file.header.database.system}/${file.header.database.oid} (schema ${file.header.schema})`);
        }
        return 'bound';
      }
      if (!file.exists) return 'fresh';
      const last = file.anchors[file.anchors.length - 1];
      const [row]: { hash: string }[] = last ? await tx.query(`SELECT hash FROM audit_anchors WHERE seq = $1`, [last.seq]) : [];
      if (last && row?.hash !== last.hash)
        throw mismatch(`(written before anchor files named their database) ends with anchor ${last.seq}, which this database does not hold`);
      // the file is this database's: its header goes in front (a new file renamed over the old one)
      const tmp = `${this.anchorFile}.header-${process.pid}`;
      await writeFile(tmp, `${JSON.stringify(this.header(db))}\n${file.anchors.map((a) => `${JSON.stringify(a)}\n`).join('')}`, { flag: 'wx' });
      await this.fsync(tmp);
      await rename(tmp, this.anchorFile);
      this.logger.warn({ file: this.anchorFile, anchors: file.anchors.length }, 'audit anchor file written before headers: bound to this database');
      return 'adopted';
    });
  }

  private header(db: AnchorFileHeader['database']): AnchorFileHeader {
    return { database: db, schema: this.o.schema, created: new Date().toISOString() };
  }

  private async fsync(path: string): Promise<void> {
    const fh = await open(path, 'r');
    await fh.sync().finally(() => fh.close());
  }

  /**
   * Writes the next anchor when some chain changed since the last one (under an advisory lock: one writer
   * per schema). Refuses while the newest anchor's leaves in the table no longer match the file's root,
   * so a tampered table is never laundered into a new anchor. Returns the anchor written, if any.
   *
   * A chain the previous anchor saw is carried as it saw it, not recorded anew, when it is gone, shorter, or
   * no longer holds the anchored entry at the anchored position (its prefix was rewritten: a re-keyed, truncated
   * and regrown or otherwise replaced chain): the evidence stays in every later anchor and verification names it.
   *
   * Memory stays flat however many cases there are: the leaves are computed by PostgreSQL into a temporary
   * table (one statement, one snapshot), streamed through a cursor into the Merkle builders, and stored by the
   * database: all of them as jsonb (the newest anchors), the changed ones in audit_anchor_leaves (every anchor).
   */
  async anchor(now: Date): Promise<AnchorRecord | null> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('audit_anchor'))`);
      const file = await this.readAnchorFile();
      if (file.header && !sameDatabase(file.header, await this.databaseIdentity(tx), this.o.schema)) {
        this.logger.error({ file: this.anchorFile }, 'the audit anchor file belongs to another database: no anchor (the worker stops at its next start)');
        return null;
      }
      const lastFile = file.anchors[file.anchors.length - 1];
      const [lastRow]: { seq: number }[] = await tx.query(`SELECT seq FROM audit_anchors ORDER BY seq DESC LIMIT 1`);
      if (lastFile) {
        const [row]: { root: string; stored: boolean }[] = await tx.query(`SELECT root, leaves IS NOT NULL AS stored FROM audit_anchors WHERE seq = $1`, [
          lastFile.seq,
        ]);
        if (!row?.stored || row.root !== lastFile.root || (await this.storedRoot(tx, lastFile.seq)) !== lastFile.root) {
          this.logger.error({ seq: lastFile.seq }, 'audit anchor table does not match the anchor file: no new anchor until this is investigated');
          return null;
        }
      }
      // after an anchor written before deltas, this one's delta is all its leaves: the history starts whole
      const full = !!lastFile && lastFile.delta === undefined;
      // The leaves (nextLeaves, in SQL): every chain as it is now; a chain the previous anchor saw that is gone,
      // shorter, or no longer holds the anchored entry at the anchored position, as the previous anchor saw it.
      await tx.query(
        `CREATE TEMP TABLE anchor_leaves ON COMMIT DROP AS
           WITH prev AS (SELECT p.v->>0 AS id, (p.v->>1)::int AS n, p.v->>2 AS head FROM audit_anchors a, jsonb_array_elements(a.leaves) p(v) WHERE a.seq = $1),
           heads AS ${HEADS},
           kept AS (
             SELECT prev.id, prev.n, prev.head FROM prev LEFT JOIN heads h ON h.id = prev.id
              WHERE h.id IS NULL OR h.audit_count < prev.n
                 OR (h.audit_count = prev.n AND h.audit_head IS DISTINCT FROM prev.head)
                 OR (h.audit_count > prev.n AND prev.n > 0 AND NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.case_id = prev.id AND l.case_seq = prev.n AND l.hash = prev.head))
           )
           SELECT id, n, head, true AS carried, $2::boolean AS changed FROM kept
           UNION ALL
           SELECT h.id, h.audit_count, h.audit_head, false, ($2 OR p.id IS NULL OR p.n <> h.audit_count OR p.head IS DISTINCT FROM h.audit_head)
             FROM heads h LEFT JOIN prev p ON p.id = h.id WHERE NOT EXISTS (SELECT 1 FROM kept WHERE kept.id = h.id)`,
        [lastFile?.seq ?? -1, full],
      );
      const tree = new MerkleBuilder();
      const delta = new MerkleBuilder();
      let entries = 0;
      const carried = { count: 0, first: [] as string[] };
      await this.stream(
        tx,
        `SELECT id, n, head, carried, changed FROM anchor_leaves ORDER BY id COLLATE "C"`,
        [],
        (r: { id: string; n: number; head: string | null; carried: boolean; changed: boolean }) => {
          tree.add([r.id, r.n, r.head]);
          if (r.changed) delta.add([r.id, r.n, r.head]);
          entries += r.n;
          if (r.carried && carried.count++ < 20) carried.first.push(r.id);
        },
      );
      if (carried.count)
        this.logger.error(
          { cases: carried.first, count: carried.count },
          'anchored audit chains are gone, shorter or rewritten: kept in the anchor as last seen',
        );
      const root = tree.root();
      if (lastFile && lastFile.root === root && !full) return null;
      const record: Omit<AnchorRecord, 'hash'> = {
        seq: Math.max(lastFile?.seq ?? 0, lastRow?.seq ?? 0) + 1,
        at: now.toISOString(),
        root,
        cases: tree.count,
        entries,
        prevHash: lastFile?.hash ?? null,
        delta: delta.root(),
        changed: delta.count,
      };
      const anchor: AnchorRecord = { ...record, hash: this.anchorHash(record) };
      await tx.query(
        `INSERT INTO audit_anchors (seq, at, root, cases, entries, leaves, prev_hash, hash)
         SELECT $1, $2, $3, $4, $5, coalesce((SELECT jsonb_agg(jsonb_build_array(id, n, head) ORDER BY id COLLATE "C") FROM anchor_leaves), '[]'::jsonb), $6, $7`,
        [anchor.seq, anchor.at, anchor.root, anchor.cases, String(anchor.entries), anchor.prevHash, anchor.hash],
      );
      await tx.query(`INSERT INTO audit_anchor_leaves (seq, id, n, head) SELECT $1, id, n, head FROM anchor_leaves WHERE changed`, [anchor.seq]);
      await tx.query(`UPDATE audit_anchors SET leaves = NULL WHERE seq <= $1 AND leaves IS NOT NULL`, [anchor.seq - KEEP_LEAVES]);
      // the file last: a failed append rolls the table back; the file is what a verification trusts
      await mkdir(this.o.anchorDir, { recursive: true });
      const head = file.exists ? '' : `${JSON.stringify(this.header(await this.databaseIdentity(tx)))}\n`;
      await appendFile(this.anchorFile, `${head}${JSON.stringify(anchor)}\n`, { flag: 'a' });
      await this.fsync(this.anchorFile);
      return anchor;
    });
  }

  /** The root of an anchor's stored leaves, in the order they are stored (leaves out of order: no root). */
  private async storedRoot(tx: EntityManager, seq: number): Promise<string | null> {
    const tree = new MerkleBuilder();
    let ordered = true;
    await this.stream(
      tx,
      `SELECT p.v FROM audit_anchors a, jsonb_array_elements(a.leaves) WITH ORDINALITY p(v, i) WHERE a.seq = $1 ORDER BY p.i`,
      [seq],
      (r: { v: AnchorLeaf }) => {
        if (!ordered) return;
        try {
          tree.add(r.v);
        } catch {
          ordered = false;
        }
      },
    );
    return ordered ? tree.root() : null;
  }

  /** Rows of a query, LEAF_BATCH at a time through a cursor of the transaction, each handed to `each`. */
  private async stream<T>(tx: EntityManager, sql: string, params: unknown[], each: (row: T) => void): Promise<void> {
    await tx.query(`DECLARE anchor_stream NO SCROLL CURSOR FOR ${sql}`, params);
    for (;;) {
      const rows: T[] = await tx.query(`FETCH ${LEAF_BATCH} FROM anchor_stream`);
      for (const r of rows) each(r);
      if (rows.length < LEAF_BATCH) break;
    }
    await tx.query(`CLOSE anchor_stream`);
  }

  /**
   * Verifies the whole store: the anchor file (its database, its chain), the newest anchor against the table,
   * every anchor's changed leaves against the table (their roots are in the file), every chain (keyed), every
   * anchor's view of every chain against what the database holds now (gone, shorter or rewritten before the
   * anchored position), and every record against its newest entry's digest. Memory stays flat: leaves stream
   * through cursors and the comparisons run in PostgreSQL. `progress` hears (checked, total) after every batch.
   */
  async verify(progress: (checked: number, total: number) => Promise<void> = async () => undefined): Promise<VerifyResult> {
    const file = await this.readAnchorFile();
    const anchors = file.anchors;
    if (file.header && !sameDatabase(file.header, await this.databaseIdentity(), this.o.schema)) return { ok: false, brokenAt: 'anchor:another-database' };
    let prev: string | null = null;
    for (const a of anchors) {
      const { hash, ...rest } = a;
      if (a.prevHash !== prev || this.anchorHash(rest) !== hash) return { ok: false, brokenAt: `anchor:${a.seq}` };
      prev = hash;
    }
    const last = anchors[anchors.length - 1];
    if (!last && (await this.db.query(`SELECT 1 FROM audit_anchors LIMIT 1`)).length) return { ok: false, brokenAt: 'anchor:file-missing' };

    // Everything below reads one snapshot (REPEATABLE READ, read only): a case moving on while the store is read
    // (its head and its entries read at different instants) is not taken for a broken chain.
    return this.db.transaction('REPEATABLE READ', async (tx): Promise<VerifyResult> => {
      await tx.query('SET TRANSACTION READ ONLY');
      // the table's copies against the file: the newest anchor's leaves, every anchor's changed leaves
      const tableBroken = await (async () => {
        if (last) {
          const [row]: { root: string; stored: boolean }[] = await tx.query(`SELECT root, leaves IS NOT NULL AS stored FROM audit_anchors WHERE seq = $1`, [
            last.seq,
          ]);
          if (!row?.stored || row.root !== last.root || (await this.storedRoot(tx, last.seq)) !== last.root) return `anchor:${last.seq}`;
        }
        return this.deltaBroken(tx, anchors);
      })();
      if (tableBroken) return { ok: false, brokenAt: tableBroken };

      const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM ${HEADS} h`);
      const total = n + 1;
      let checked = 0;
      let entries = 0;
      let afterId = '';
      for (;;) {
        const cases: { id: string; audit_head: string | null; audit_count: number }[] = await tx.query(
          `SELECT id, audit_head, audit_count FROM ${HEADS} h WHERE id > $1 ORDER BY id LIMIT ${BATCH}`,
          [afterId],
        );
        if (cases.length === 0) break;
        const ids = cases.map((c) => c.id);
        const rows: AuditRow[] = await tx
          .getRepository(AuditRow)
          .createQueryBuilder('a')
          .where('a.case_id = ANY(:ids)', { ids })
          .orderBy('a.caseId')
          .addOrderBy('a.caseSeq')
          .getMany();
        const byCase = new Map<string, StoredAudit[]>();
        for (const r of rows) {
          const list = byCase.get(r.caseId) ?? [];
          list.push({ ...r, at: r.at.toISOString() });
          byCase.set(r.caseId, list);
        }
        for (const c of cases) {
          const list = byCase.get(c.id) ?? [];
          if (list.length === 0 && (c.audit_count !== 0 || c.audit_head !== null)) return { ok: false, brokenAt: `case:${c.id}` };
          const broken = verifyChain(list, c.audit_head, c.audit_count, this.o.key);
          if (broken) return { ok: false, brokenAt: `${c.id}#${list.find((l) => l.id === broken)?.caseSeq ?? broken}` };
          entries += list.length;
        }
        checked += cases.length;
        afterId = ids[ids.length - 1];
        await progress(checked, total);
      }
      // an audit entry whose case row (or chain) is gone is a deletion too
      const orphan = await tx.query(`SELECT a.case_id FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM ${HEADS} h WHERE h.id = a.case_id) LIMIT 1`);
      if (orphan.length) return { ok: false, brokenAt: `case:${orphan[0].case_id}` };

      // every chain every anchor saw must still be there, at least as long, with the same entry at the anchored
      // position: the newest anchor's leaves and every anchor's changed leaves, compared in PostgreSQL
      const [gone]: { id: string }[] = await tx.query(
        `WITH seen AS (
         SELECT p.v->>0 AS id, (p.v->>1)::int AS n, p.v->>2 AS head FROM audit_anchors a, jsonb_array_elements(a.leaves) p(v) WHERE a.seq = $1
         UNION ALL SELECT id, n, head FROM audit_anchor_leaves)
       SELECT s.id FROM seen s
         LEFT JOIN ${HEADS} h ON h.id = s.id
         LEFT JOIN audit_log l ON l.case_id = s.id AND l.case_seq = s.n
        WHERE h.id IS NULL OR h.audit_count < s.n OR (s.n > 0 AND l.hash IS DISTINCT FROM s.head)
        ORDER BY s.id LIMIT 1`,
        [last?.seq ?? -1],
      );
      if (gone) return { ok: false, brokenAt: `case:${gone.id}` };

      // every record is what its newest entry says it was: no record edited, added or removed outside its chain
      for (const s of this.o.records?.sources ?? []) {
        const [edited]: { id: string }[] = await tx.query(recordMismatchSql(s), [s.kind]);
        if (edited) return { ok: false, brokenAt: edited.id };
      }
      await progress(total, total);
      return { ok: true, entries };
    });
  }

  /**
   * Every anchor's changed leaves (audit_anchor_leaves), streamed in (seq, id) order, against the `delta` root
   * and count the file records for it: none missing, added or edited. Returns where it breaks, or null.
   */
  private async deltaBroken(tx: EntityManager, anchors: AnchorRecord[]): Promise<string | null> {
    const bySeq = new Map(anchors.filter((a) => a.delta !== undefined).map((a) => [a.seq, a]));
    let seq: number | null = null;
    let tree = new MerkleBuilder();
    let broken: string | null = null;
    const close = () => {
      if (seq === null) return;
      const a = bySeq.get(seq);
      if (!a || a.delta !== tree.root() || a.changed !== tree.count) broken ??= `anchor:${seq}`;
      bySeq.delete(seq);
    };
    await this.stream(
      tx,
      `SELECT seq, id, n, head FROM audit_anchor_leaves ORDER BY seq, id COLLATE "C"`,
      [],
      (r: { seq: number; id: string; n: number; head: string | null }) => {
        if (broken) return;
        if (r.seq !== seq) {
          close();
          seq = r.seq;
          tree = new MerkleBuilder();
        }
        try {
          tree.add([r.id, r.n, r.head]);
        } catch {
          broken = `anchor:${r.seq}`;
        }
      },
    );
    close();
    if (broken) return broken;
    // an anchor whose changed leaves are all gone from the table
    for (const a of bySeq.values()) if (a.changed !== 0) return `anchor:${a.seq}`;
    return null;
  }

  /**
   * Re-keys the chains written before the chain was keyed (entries marked `sha256`): each such case's chain
   * is first verified as it was written (unkeyed), then rewritten with the key, under the case's lock. Only
   * before the first anchor (none in the file, none in the table): a chain an anchor covered is never signed
   * anew, so rewriting a case's entries as unkeyed ones in the database launders nothing (verification reports
   * the unkeyed entries). A chain that does not verify unkeyed is left as it is, and verification reports it.
   */
  async rekeyLegacy(): Promise<{ rekeyed: number; refused: string[] }> {
    let rekeyed = 0;
    const refused: string[] = [];
    if ((await this.fileAnchors()).length || (await this.db.query(`SELECT 1 FROM audit_anchors LIMIT 1`)).length) {
      const [legacy] = await this.db.query(`SELECT case_id FROM audit_log WHERE alg = 'sha256' LIMIT 1`);
      if (legacy)
        this.logger.error(
          { case: legacy.case_id },
          'unkeyed audit entries after the first anchor: not re-keyed (only a store never anchored is); verification reports them',
        );
      return { rekeyed, refused };
    }
    for (;;) {
      const ids: { case_id: string }[] = await this.db.query(
        `SELECT DISTINCT case_id FROM audit_log WHERE alg = 'sha256' AND NOT (case_id = ANY($1)) LIMIT ${BATCH}`,
        [refused],
      );
      if (ids.length === 0) break;
      for (const { case_id: caseId } of ids) {
        const ok = await this.db.transaction(async (tx) => {
          await tx.query(`SELECT pg_advisory_xact_lock(hashtext('audit_anchor'))`);
          // an anchor written meanwhile (another worker) ends the re-key
          if ((await tx.query(`SELECT 1 FROM audit_anchors LIMIT 1`)).length) return false;
          const [c]: { audit_head: string | null; audit_count: number }[] = await tx.query(
            `SELECT audit_head, audit_count FROM cases WHERE id = $1 FOR UPDATE`,
            [caseId],
          );
          const rows = await tx.getRepository(AuditRow).find({ where: { caseId }, order: { caseSeq: 'ASC' } });
          const list: StoredAudit[] = rows.map((r) => ({ ...r, at: r.at.toISOString() }));
          if (!c || verifyChain(list, c.audit_head, c.audit_count, this.o.key, true) !== null) return false;
          let prev: string | null = null;
          for (const e of list) {
            const hash = auditHash(prev, e, this.o.key);
            await tx.query(`UPDATE audit_log SET prev_hash = $1, hash = $2, alg = $3 WHERE id = $4`, [prev, hash, this.o.key.alg, e.id]);
            prev = hash;
          }
          // the version moves too: a command that read the case before the rekey fails its version check and runs again
          await tx.query(`UPDATE cases SET audit_head = $1, version = version + 1 WHERE id = $2`, [prev, caseId]);
          return true;
        });
        if (ok) rekeyed += 1;
        else refused.push(caseId);
      }
    }
    if (refused.length) this.logger.error({ cases: refused.slice(0, 20), count: refused.length }, 'unkeyed audit chains that do not verify were not re-keyed');
    if (rekeyed) this.logger.log({ rekeyed }, 'audit chains written before keying re-keyed');
    return { rekeyed, refused };
  }

  /**
   * Gives the records that existed before their coverage (an upgrade, the bench's seed) their first entry,
   * only until an anchor covers records (one with a `delta`, written by this version): a row added to the
   * database after that is never adopted, and verification reports it.
   */
  async adoptRecords(now: Date): Promise<number> {
    const records = this.o.records;
    if (!records) return 0;
    if ((await this.fileAnchors()).some((a) => a.delta !== undefined)) return 0;
    let adopted = 0;
    for (const { kind } of records.sources) {
      let after: string | null = null;
      do {
        const batch: { adopted: number; last: string | null } = await this.db.transaction(async (tx) => {
          await tx.query(`SELECT pg_advisory_xact_lock(hashtext('audit_anchor'))`);
          return records.adoptBatch(tx, kind, after, now, 1000);
        });
        adopted += batch.adopted;
        after = batch.last;
      } while (after !== null);
    }
    if (adopted) this.logger.log({ adopted }, 'records written before their audit coverage adopted into their chains');
    return adopted;
  }

  /**
   * What GET /audit/verify answers: a store up to `verifyInlineEntries` is checked in the request; a larger
   * one answers the newest finished verification job whose signature holds (`verifiedAt` says when), and
   * starts one when none did (`ok: null` with its id until then). A row written into the database is not
   * signed with AUDIT_KEY and is never an answer.
   */
  async verifyBounded(): Promise<VerifyResult | (VerifyResult & { verifiedAt: string }) | { ok: null; verificationId: string }> {
    if ((await this.entryEstimate()) <= this.o.verifyInlineEntries) return this.verify();
    const latest = await this.latestVerification();
    if (latest?.result && latest.finishedAt) return { ...(latest.result as VerifyResult), verifiedAt: latest.finishedAt.toISOString() };
    const running = await this.db.getRepository(AuditVerificationRow).findOne({ where: { status: 'running' }, order: { startedAt: 'DESC' } });
    const job = running && Date.now() - running.updatedAt.getTime() <= STALE_MS ? running : await this.startVerification(randomUUID(), new Date());
    return { ok: null, verificationId: job.id };
  }

  /** How many audit entries the store holds (the planner's estimate: cheap on a large table). */
  async entryEstimate(): Promise<number> {
    const [{ n }] = await this.db.query(`SELECT GREATEST(reltuples, 0)::bigint AS n FROM pg_class WHERE oid = 'audit_log'::regclass`);
    return Number(n);
  }

  /** Starts a verification in the background (idempotent on the id); its row reports progress and result. */
  async startVerification(id: string, now: Date): Promise<AuditVerificationRow> {
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO audit_verifications (id, status, total, checked, started_at, updated_at) VALUES ($1, 'running', 0, 0, $2, $2) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [id, now],
    );
    if (inserted.length) {
      const job = this.runVerification(id).finally(() => this.running.delete(job));
      this.running.add(job);
    }
    return (await this.verification(id)) as AuditVerificationRow;
  }

  /** A verification by id; a finished one whose signature does not hold is shown failed, its result withheld. */
  async verification(id: string): Promise<AuditVerificationRow | null> {
    const row = await this.db.getRepository(AuditVerificationRow).findOne({ where: { id } });
    if (row && row.status === 'running' && Date.now() - row.updatedAt.getTime() > STALE_MS) {
      return { ...row, status: 'failed', error: 'interrupted: the process running it stopped; start another' };
    }
    if (row && row.status !== 'running' && !this.signed(row)) {
      return { ...row, status: 'failed', result: null, error: 'this result carries no valid signature: it was not written by a verification; start another' };
    }
    return row;
  }

  /** The newest finished verification whose signature holds (unsigned or altered rows are passed over). */
  async latestVerification(): Promise<AuditVerificationRow | null> {
    const rows = await this.db.getRepository(AuditVerificationRow).find({ where: { status: 'done' }, order: { finishedAt: 'DESC' }, take: 20 });
    const found = rows.find((r) => this.signed(r));
    if (!found && rows.length) this.logger.error({ ids: rows.slice(0, 5).map((r) => r.id) }, 'audit verification rows without a valid signature ignored');
    return found ?? null;
  }

  /** The HMAC (AUDIT_KEY) over what a finished verification found and when: its id, status, counts, result and times. */
  verificationSignature(r: Pick<AuditVerificationRow, 'id' | 'status' | 'total' | 'checked' | 'result' | 'error' | 'startedAt' | 'finishedAt'>): string {
    const body = canonical({
      id: r.id,
      status: r.status,
      total: r.total,
      checked: r.checked,
      result: r.result,
      error: r.error,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      schema: this.o.schema,
    });
    return this.o.key.mac(this.o.key.alg, 'verification|', body);
  }

  private signed(r: AuditVerificationRow): boolean {
    if (!r.signature || !r.finishedAt) return false;
    const want = Buffer.from(this.verificationSignature(r), 'utf8');
    const got = Buffer.from(r.signature, 'utf8');
    return want.length === got.length && timingSafeEqual(want, got);
  }

  /** Waits for the verifications this process runs (shutdown). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async runVerification(id: string): Promise<void> {
    const repo = this.db.getRepository(AuditVerificationRow);
    const finish = async (values: Pick<AuditVerificationRow, 'status' | 'result' | 'error'>) => {
      const row = await repo.findOneByOrFail({ id });
      const finishedAt = new Date();
      const done = { ...row, ...values, finishedAt, updatedAt: finishedAt };
      await repo.update({ id }, { ...values, finishedAt, updatedAt: finishedAt, signature: this.verificationSignature(done) } as never);
    };
    try {
      const result = await this.verify(async (checked, total) => {
        await repo.update({ id }, { checked, total, updatedAt: new Date() });
      });
      await finish({ status: 'done', result, error: null });
    } catch (err) {
      this.logger.error({ id, err: safeErrorMessage(err) }, 'audit verification failed');
      await finish({ status: 'failed', result: null, error: 'the verification stopped on an error; see the service log' }).catch(() => undefined);
    }
  }
}
