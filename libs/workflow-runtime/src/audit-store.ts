import { Logger } from '@nestjs/common';
import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { AuditKey, auditHash, canonical, StoredAudit, verifyChain } from './audit';
import { AuditAnchorRow, AuditRow, AuditVerificationRow } from './entities';
import { AnchorLeaf, MerkleBuilder, merkleRoot } from './merkle';
import { safeErrorMessage } from '@permits/http';

export type VerifyResult = { ok: true; entries: number } | { ok: false; brokenAt: string };

/** One line of the anchor file: what the table holds, less the leaves (their root stands for them). */
export interface AnchorRecord {
  seq: number;
  at: string;
  root: string;
  cases: number;
  entries: number;
  prevHash: string | null;
  hash: string;
}

export interface AuditStoreOptions {
  key: AuditKey;
  /** Directory of the append-only anchor files (one per schema). */
  anchorDir: string;
  /** This service's schema: names its anchor file. */
  schema: string;
  /** GET /audit/verify checks in the request up to this many entries (estimated); above, it answers the newest job. */
  verifyInlineEntries: number;
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
    const { seq, at, root, cases, entries, prevHash } = r;
    return this.o.key.mac(this.o.key.alg, 'anchor|', canonical({ seq, at, root, cases, entries, prevHash }));
  }

  /** The anchor file's records, oldest first ([] while there is none). */
  async fileAnchors(): Promise<AnchorRecord[]> {
    let text: string;
    try {
      text = await readFile(this.anchorFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as AnchorRecord);
  }

  /**
   * Writes the next anchor when some case changed since the last one (under an advisory lock: one writer
   * per schema). Refuses while the newest anchor's leaves in the table no longer match the file's root,
   * so a tampered table is never laundered into a new anchor. Returns the anchor written, if any.
   *
   * Memory stays flat however many cases there are: the leaves are computed by PostgreSQL into a temporary
   * table (one statement, one snapshot), streamed through a cursor into the Merkle builder, and stored as
   * jsonb by the database. (It held every leaf, and the previous anchor's, in the worker: 1.6 GB at a
   * million cases.)
   */
  async anchor(now: Date): Promise<AnchorRecord | null> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('audit_anchor'))`);
      const file = await this.fileAnchors();
      const lastFile = file[file.length - 1];
      const [lastRow]: { seq: number }[] = await tx.query(`SELECT seq FROM audit_anchors ORDER BY seq DESC LIMIT 1`);
      if (lastFile) {
        const [row]: { root: string; stored: boolean }[] = await tx.query(`SELECT root, leaves IS NOT NULL AS stored FROM audit_anchors WHERE seq = $1`, [lastFile.seq]);
        if (!row?.stored || row.root !== lastFile.root || (await this.storedRoot(tx, lastFile.seq)) !== lastFile.root) {
          this.logger.error({ seq: lastFile.seq }, 'audit anchor table does not match the anchor file: no new anchor until this is investigated');
          return null;
        }
      }
      // The leaves (nextLeaves, in SQL): every case as it is now; a case the previous anchor saw that is gone or
      // has fewer entries now, as the previous anchor saw it (a deletion stays visible in every later anchor).
      await tx.query(
        `CREATE TEMP TABLE anchor_leaves ON COMMIT DROP AS
           WITH prev AS (SELECT p.v->>0 AS id, (p.v->>1)::int AS n, p.v->>2 AS head FROM audit_anchors a, jsonb_array_elements(a.leaves) p(v) WHERE a.seq = $1)
           SELECT prev.id, prev.n, prev.head, true AS carried FROM prev LEFT JOIN cases c ON c.id = prev.id WHERE c.id IS NULL OR c.audit_count < prev.n
           UNION ALL
           SELECT c.id, c.audit_count, c.audit_head, false FROM cases c WHERE NOT EXISTS (SELECT 1 FROM prev WHERE prev.id = c.id AND c.audit_count < prev.n)`,
        [lastFile?.seq ?? -1],
      );
      const tree = new MerkleBuilder();
      let entries = 0;
      const carried = { count: 0, first: [] as string[] };
      await this.stream(tx, `SELECT id, n, head, carried FROM anchor_leaves ORDER BY id COLLATE "C"`, [], (r: { id: string; n: number; head: string | null; carried: boolean }) => {
        tree.add([r.id, r.n, r.head]);
        entries += r.n;
        if (r.carried && carried.count++ < 20) carried.first.push(r.id);
      });
      if (carried.count) this.logger.error({ cases: carried.first, count: carried.count }, 'anchored audit cases are gone or shorter: kept in the anchor as last seen');
      const root = tree.root();
      if (lastFile && lastFile.root === root) return null;
      const record: Omit<AnchorRecord, 'hash'> = {
        seq: Math.max(lastFile?.seq ?? 0, lastRow?.seq ?? 0) + 1,
        at: now.toISOString(),
        root,
        cases: tree.count,
        entries,
        prevHash: lastFile?.hash ?? null,
      };
      const full: AnchorRecord = { ...record, hash: this.anchorHash(record) };
      await tx.query(
        `INSERT INTO audit_anchors (seq, at, root, cases, entries, leaves, prev_hash, hash)
         SELECT $1, $2, $3, $4, $5, coalesce((SELECT jsonb_agg(jsonb_build_array(id, n, head) ORDER BY id COLLATE "C") FROM anchor_leaves), '[]'::jsonb), $6, $7`,
        [full.seq, full.at, full.root, full.cases, String(full.entries), full.prevHash, full.hash],
      );
      await tx.query(`UPDATE audit_anchors SET leaves = NULL WHERE seq <= $1 AND leaves IS NOT NULL`, [full.seq - KEEP_LEAVES]);
      // the file last: a failed append rolls the table back; the file is what a verification trusts
      await mkdir(this.o.anchorDir, { recursive: true });
      await appendFile(this.anchorFile, `${JSON.stringify(full)}\n`, { flag: 'a' });
      const fh = await open(this.anchorFile, 'r');
      await fh.sync().finally(() => fh.close());
      return full;
    });
  }

  /** The root of an anchor's stored leaves, in the order they are stored (leaves out of order: no root). */
  private async storedRoot(tx: EntityManager, seq: number): Promise<string | null> {
    const tree = new MerkleBuilder();
    let ordered = true;
    await this.stream(tx, `SELECT p.v FROM audit_anchors a, jsonb_array_elements(a.leaves) WITH ORDINALITY p(v, i) WHERE a.seq = $1 ORDER BY p.i`, [seq], (r: { v: AnchorLeaf }) => {
      if (!ordered) return;
      try {
        tree.add(r.v);
      } catch {
        ordered = false;
      }
    });
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
   * Verifies the whole store: the anchor file's chain, the newest anchor against the table, every case's
   * chain (keyed), and every anchored case against what the database holds now (gone, shorter or
   * rewritten before the anchor). `progress` hears (checked, total) after every batch.
   */
  async verify(progress: (checked: number, total: number) => Promise<void> = async () => undefined): Promise<VerifyResult> {
    const anchors = await this.fileAnchors();
    let prev: string | null = null;
    for (const a of anchors) {
      const { hash, ...rest } = a;
      if (a.prevHash !== prev || this.anchorHash(rest) !== hash) return { ok: false, brokenAt: `anchor:${a.seq}` };
      prev = hash;
    }
    const last = anchors[anchors.length - 1];
    let leaves: AnchorLeaf[] = [];
    if (last) {
      const row = await this.db.getRepository(AuditAnchorRow).findOne({ where: { seq: last.seq } });
      if (!row?.leaves || row.root !== last.root || merkleRoot(row.leaves) !== last.root) return { ok: false, brokenAt: `anchor:${last.seq}` };
      leaves = row.leaves;
    } else if (await this.db.getRepository(AuditAnchorRow).exists({ where: {} })) {
      return { ok: false, brokenAt: 'anchor:file-missing' };
    }

    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM cases`);
    const total = n + leaves.length;
    let checked = 0;
    let entries = 0;
    let afterId = '';
    for (;;) {
      const cases: { id: string; audit_head: string | null; audit_count: number }[] = await this.db.query(`SELECT id, audit_head, audit_count FROM cases WHERE id > $1 ORDER BY id LIMIT ${BATCH}`, [afterId]);
      if (cases.length === 0) break;
      const ids = cases.map((c) => c.id);
      const rows: AuditRow[] = await this.db.getRepository(AuditRow).createQueryBuilder('a').where('a.case_id = ANY(:ids)', { ids }).orderBy('a.caseId').addOrderBy('a.caseSeq').getMany();
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
    // an audit entry whose case row is gone is a deletion too
    const orphan = await this.db.query(`SELECT a.case_id FROM audit_log a LEFT JOIN cases c ON c.id = a.case_id WHERE c.id IS NULL LIMIT 1`);
    if (orphan.length) return { ok: false, brokenAt: `case:${orphan[0].case_id}` };

    // every case the newest anchor saw must still be there, at least as long, with the same entry at the anchored length
    for (let i = 0; i < leaves.length; i += BATCH) {
      const batch = leaves.slice(i, i + BATCH);
      const found: { id: string; audit_count: number; hash: string | null }[] = await this.db.query(
        `SELECT l.id, c.audit_count, a.hash
           FROM unnest($1::text[], $2::int[]) AS l(id, n)
           LEFT JOIN cases c ON c.id = l.id
           LEFT JOIN audit_log a ON a.case_id = l.id AND a.case_seq = l.n`,
        [batch.map((l) => l[0]), batch.map((l) => l[1])],
      );
      const byId = new Map(found.map((f) => [f.id, f]));
      for (const [id, count, head] of batch) {
        const f = byId.get(id);
        if (!f || f.audit_count === null || f.audit_count < count || (count > 0 && f.hash !== head)) return { ok: false, brokenAt: `case:${id}` };
      }
      checked += batch.length;
      await progress(checked, total);
    }
    return { ok: true, entries };
  }

  /**
   * Re-keys the chains written before the chain was keyed (entries marked `sha256`): each such case's
   * chain is first verified as it was written (unkeyed), then rewritten with the key, under the case's
   * lock. A chain that does not verify unkeyed is left as it is, and verification reports it. Runs when a
   * worker starts, before it anchors: the first anchor then covers the re-keyed heads, and a later
   * "legacy" entry (someone marking rows unkeyed to forge them) changes an anchored head and shows.
   */
  async rekeyLegacy(): Promise<{ rekeyed: number; refused: string[] }> {
    let rekeyed = 0;
    const refused: string[] = [];
    for (;;) {
      const ids: { case_id: string }[] = await this.db.query(`SELECT DISTINCT case_id FROM audit_log WHERE alg = 'sha256' AND NOT (case_id = ANY($1)) LIMIT ${BATCH}`, [refused]);
      if (ids.length === 0) break;
      for (const { case_id: caseId } of ids) {
        const ok = await this.db.transaction(async (tx) => {
          const [c]: { audit_head: string | null; audit_count: number }[] = await tx.query(`SELECT audit_head, audit_count FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
          const rows = await tx.getRepository(AuditRow).find({ where: { caseId }, order: { caseSeq: 'ASC' } });
          const list: StoredAudit[] = rows.map((r) => ({ ...r, at: r.at.toISOString() }));
          if (!c || verifyChain(list, c.audit_head, c.audit_count, this.o.key, true) !== null) return false;
          let prev: string | null = null;
          for (const e of list) {
            const hash = auditHash(prev, e, this.o.key);
            await tx.query(`UPDATE audit_log SET prev_hash = $1, hash = $2, alg = $3 WHERE id = $4`, [prev, hash, this.o.key.alg, e.id]);
            prev = hash;
          }
          await tx.query(`UPDATE cases SET audit_head = $1 WHERE id = $2`, [prev, caseId]);
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
   * What GET /audit/verify answers: a store up to `verifyInlineEntries` is checked in the request; a larger
   * one answers the newest finished verification job (`verifiedAt` says when), and starts one when none
   * ever finished (`ok: null` with its id until then).
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

  async verification(id: string): Promise<AuditVerificationRow | null> {
    const row = await this.db.getRepository(AuditVerificationRow).findOne({ where: { id } });
    if (row && row.status === 'running' && Date.now() - row.updatedAt.getTime() > STALE_MS) {
      return { ...row, status: 'failed', error: 'interrupted: the process running it stopped; start another' };
    }
    return row;
  }

  /** The newest finished verification. */
  async latestVerification(): Promise<AuditVerificationRow | null> {
    return this.db.getRepository(AuditVerificationRow).findOne({ where: { status: 'done' }, order: { finishedAt: 'DESC' } });
  }

  /** Waits for the verifications this process runs (shutdown). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async runVerification(id: string): Promise<void> {
    const repo = this.db.getRepository(AuditVerificationRow);
    try {
      const result = await this.verify(async (checked, total) => {
        await repo.update({ id }, { checked, total, updatedAt: new Date() });
      });
      await repo.update({ id }, { status: 'done', result, updatedAt: new Date(), finishedAt: new Date() });
    } catch (err) {
      this.logger.error({ id, err: safeErrorMessage(err) }, 'audit verification failed');
      await repo.update({ id }, { status: 'failed', error: 'the verification stopped on an error; see the service log', updatedAt: new Date(), finishedAt: new Date() }).catch(() => undefined);
    }
  }
}
