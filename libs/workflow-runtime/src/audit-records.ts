import { EntityManager } from 'typeorm';
import { AuditKey, auditHash } from './audit';

/**
 * A table of records a decision rests on or publishes (the permit register, applications' status and decision
 * numbers, supervision plans), outside any case: each record has an audit chain of its own, `<kind>:<key>`,
 * whose every entry carries a digest of the record's content as it was written. Verification compares each
 * record with the digest of its newest entry: a row edited, inserted or deleted in the database shows.
 */
export interface AuditRecordSource {
  /** The chain's prefix: `permit` makes `permit:<permit_no>`. */
  kind: string;
  table: string;
  /** The key column (unique). */
  key: string;
  /** The columns the digest covers (default: the whole row). */
  columns?: string[];
  /** timestamptz columns, digested as UTC text: the session's TimeZone never changes a digest. */
  instants?: string[];
}

const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`audit record source: ${name} is not a plain identifier`);
  return `"${name}"`;
};

/** The SQL expression of a record's digest over the row alias `t`: sha256 of its content as jsonb text (deterministic). */
export function recordDigestSql(s: AuditRecordSource): string {
  const base = s.columns ? `jsonb_build_object(${s.columns.map((c) => `'${c}', t.${ident(c)}`).join(', ')})` : 'to_jsonb(t)';
  const instants = (s.instants ?? []).filter((c) => !s.columns || s.columns.includes(c));
  const content = instants.length ? `(${base} || jsonb_build_object(${instants.map((c) => `'${c}', to_char(t.${ident(c)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`).join(', ')}))` : base;
  return `encode(sha256(convert_to(${content}::text, 'UTF8')), 'hex')`;
}

/** The rows of a source with their chain id and digest: `SELECT id, digest FROM (…)`. */
export function recordRowsSql(s: AuditRecordSource): string {
  return `SELECT '${s.kind}:' || t.${ident(s.key)}::text AS id, ${recordDigestSql(s)} AS digest FROM ${ident(s.table)} t`;
}

/**
 * Writes the audit entries of records, in the caller's transaction (the one that changed the record): one call
 * after the change, `records.write(tx, 'permit', permitNo, 'issued', actor)`. The entry's digest is read back
 * from the row in that transaction, so it is what was committed, whatever the code around it did.
 */
export class AuditRecords {
  private readonly byKind: Map<string, AuditRecordSource>;

  constructor(
    private readonly key: AuditKey,
    readonly sources: AuditRecordSource[],
  ) {
    this.byKind = new Map(sources.map((s) => [s.kind, s]));
    if (this.byKind.size !== sources.length) throw new Error('audit record sources: a kind is listed twice');
    for (const s of sources) recordDigestSql(s); // identifiers checked at start
  }

  async write(tx: EntityManager, kind: string, key: string, action: string, actor: string, detail: Record<string, unknown> = {}, at: Date = new Date()): Promise<void> {
    const s = this.byKind.get(kind);
    if (!s) throw new Error(`no audit record source ${kind}`);
    const id = `${kind}:${key}`;
    // the chain row locked (created at the first entry), and the record's digest as this transaction sees it
    const [c]: { audit_count: number; audit_head: string | null; digest: string | null }[] = await tx.query(
      `WITH c AS (INSERT INTO audit_chains (id, kind, audit_count) VALUES ($1, $2, 0) ON CONFLICT (id) DO UPDATE SET kind = audit_chains.kind RETURNING audit_count, audit_head)
       SELECT c.audit_count, c.audit_head, (SELECT ${recordDigestSql(s)} FROM ${ident(s.table)} t WHERE t.${ident(s.key)}::text = $3) AS digest FROM c`,
      [id, kind, key],
    );
    const entry = { caseId: id, caseSeq: c.audit_count + 1, at: at.toISOString(), actor, action, payload: { ...detail, digest: c.digest } };
    const hash = auditHash(c.audit_head, entry, this.key);
    await tx.query(
      `WITH a AS (INSERT INTO audit_log (case_id, case_seq, at, actor, action, payload, prev_hash, hash, alg) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9))
       UPDATE audit_chains SET audit_count = $2, audit_head = $8 WHERE id = $1`,
      [id, entry.caseSeq, entry.at, actor, action, JSON.stringify(entry.payload), c.audit_head, hash, this.key.alg],
    );
  }

  /**
   * Records that have no chain yet get a first entry (`adopted`) with their digest as they are: what existed
   * before the coverage (an upgrade, the bench's seed). AuditStore runs it only before the first anchor that
   * covers records, so a row an insider adds later is never adopted. One batch: up to `limit` rows of the
   * source after `after` in key order (the primary key's index: a million rows are a thousand short scans);
   * `last` is where the next batch starts, null at the end.
   */
  async adoptBatch(tx: EntityManager, kind: string, after: string | null, at: Date, limit: number): Promise<{ adopted: number; last: string | null }> {
    const s = this.byKind.get(kind);
    if (!s) throw new Error(`no audit record source ${kind}`);
    const rows: { k: string; id: string; digest: string; chained: boolean }[] = await tx.query(
      `SELECT t.${ident(s.key)}::text AS k, '${s.kind}:' || t.${ident(s.key)}::text AS id, ${recordDigestSql(s)} AS digest,
              EXISTS (SELECT 1 FROM audit_chains ch WHERE ch.id = '${s.kind}:' || t.${ident(s.key)}::text) AS chained
         FROM ${ident(s.table)} t WHERE ($1::boolean OR t.${ident(s.key)} > $2) ORDER BY t.${ident(s.key)} LIMIT ${limit}`,
      [after === null, after],
    );
    const entries = rows
      .filter((r) => !r.chained)
      .map((r) => {
        const entry = { caseId: r.id, caseSeq: 1, at: at.toISOString(), actor: 'system', action: 'adopted', payload: { digest: r.digest } };
        return { ...entry, hash: auditHash(null, entry, this.key) };
      });
    if (entries.length) {
      await tx.query(
        `WITH ch AS (INSERT INTO audit_chains (id, kind, audit_count, audit_head) SELECT u.id, $2, 1, u.hash FROM unnest($1::text[], $3::text[]) u(id, hash) ON CONFLICT (id) DO NOTHING RETURNING id)
         INSERT INTO audit_log (case_id, case_seq, at, actor, action, payload, prev_hash, hash, alg)
         SELECT u.id, 1, $4, 'system', 'adopted', jsonb_build_object('digest', u.digest), NULL, u.hash, $5 FROM unnest($1::text[], $3::text[], $6::text[]) u(id, hash, digest) WHERE u.id IN (SELECT id FROM ch)`,
        [entries.map((e) => e.caseId), s.kind, entries.map((e) => e.hash), at.toISOString(), this.key.alg, entries.map((e) => e.payload.digest)],
      );
    }
    return { adopted: entries.length, last: rows.length < limit ? null : rows[rows.length - 1].k };
  }
}
