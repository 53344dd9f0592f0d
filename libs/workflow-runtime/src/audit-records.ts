import { EntityManager } from 'typeorm';
import { AuditKey, auditHash } from './audit';

/**
 * A table of records a decision rests on or publishes (the permit register, applications' status and decision
 * numbers, supervision plans), outside any case: each record has an audit chain of its own, `<kind>:<key>`,
 * whose every entry carries a digest of the record's content as it was written and the columns it covers.
 * Verification compares each record with the digest of its newest entry, over that entry's columns: a row
 * edited, inserted or deleted in the database shows, and a column added to the table (or to the list) later
 * changes no earlier digest.
 */
export interface AuditRecordSource {
  /** The chain's prefix: `permit` makes `permit:<permit_no>`. */
  kind: string;
  table: string;
  /** The key column (unique). */
  key: string;
  /** The columns the digest covers. */
  columns: string[];
  /** timestamptz columns, digested as UTC text: the session's TimeZone never changes a digest. */
  instants?: string[];
}

const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`audit record source: ${name} is not a plain identifier`);
  return `"${name}"`;
};

/** The row `t` as jsonb, its instants as UTC text. */
function documentSql(s: AuditRecordSource): string {
  const instants = s.instants ?? [];
  return instants.length
    ? `(to_jsonb(t) || jsonb_build_object(${instants.map((c) => `'${c}', to_char(t.${ident(c)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`).join(', ')}))`
    : 'to_jsonb(t)';
}

/** sha256 (hex) of the document's `columns` (a text[] expression) as jsonb text: deterministic (jsonb orders its keys). */
export function digestSql(document: string, columns: string): string {
  return `encode(sha256(convert_to(coalesce((SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(${document}) e WHERE e.key = ANY(${columns})), '{}'::jsonb)::text, 'UTF8')), 'hex')`;
}

/**
 * The first record (by its chain id) whose content is not what its newest entry says: a row without a chain, a
 * chain without its row, or a row whose digest over its newest entry's columns differs. `$1` is the kind.
 */
export function recordMismatchSql(s: AuditRecordSource): string {
  return `SELECT coalesce(c.id, r.id) AS id
            FROM (SELECT '${s.kind}:' || t.${ident(s.key)}::text AS id, ${documentSql(s)} AS doc FROM ${ident(s.table)} t) r
            FULL JOIN (SELECT ch.id, l.payload->>'digest' AS digest, l.payload->'columns' AS cols FROM audit_chains ch LEFT JOIN audit_log l ON l.case_id = ch.id AND l.case_seq = ch.audit_count WHERE ch.kind = $1) c ON c.id = r.id
           WHERE r.id IS NULL OR c.id IS NULL OR c.digest IS NULL
              OR ${digestSql('r.doc', `ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(c.cols) = 'array' THEN c.cols ELSE '[]'::jsonb END))`)} <> c.digest
           ORDER BY 1 LIMIT 1`;
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
    for (const s of sources) [s.table, s.key, ...s.columns, ...(s.instants ?? [])].forEach(ident); // checked at start
  }

  private source(kind: string): AuditRecordSource {
    const s = this.byKind.get(kind);
    if (!s) throw new Error(`no audit record source ${kind}`);
    return s;
  }

  /** Appends the record's entry (its digest as this transaction sees the row; null once the row is gone). */
  async write(
    tx: EntityManager,
    kind: string,
    key: string,
    action: string,
    actor: string,
    detail: Record<string, unknown> = {},
    at: Date = new Date(),
  ): Promise<void> {
    const s = this.source(kind);
    const id = `${kind}:${key}`;
    // the chain row locked (created at the first entry), and the record's digest as this transaction sees it
    const [c]: { audit_count: number; audit_head: string | null; digest: string | null }[] = await tx.query(
      `WITH c AS (INSERT INTO audit_chains (id, kind, audit_count) VALUES ($1, $2, 0) ON CONFLICT (id) DO UPDATE SET kind = audit_chains.kind RETURNING audit_count, audit_head)
       SELECT c.audit_count, c.audit_head, (SELECT ${digestSql(documentSql(s), '$4::text[]')} FROM ${ident(s.table)} t WHERE t.${ident(s.key)}::text = $3) AS digest FROM c`,
      [id, kind, key, s.columns],
    );
    const entry = { caseId: id, caseSeq: c.audit_count + 1, at: at.toISOString(), actor, action, payload: { ...detail, columns: s.columns, digest: c.digest } };
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
    const s = this.source(kind);
    const k = `t.${ident(s.key)}`;
    const rows: { k: string; id: string; digest: string; chained: boolean }[] = await tx.query(
      `SELECT ${k}::text AS k, '${s.kind}:' || ${k}::text AS id, ${digestSql(documentSql(s), '$3::text[]')} AS digest,
              EXISTS (SELECT 1 FROM audit_chains ch WHERE ch.id = '${s.kind}:' || ${k}::text) AS chained
         FROM ${ident(s.table)} t WHERE ($1::boolean OR ${k} > $2) ORDER BY ${k} LIMIT ${limit}`,
      [after === null, after, s.columns],
    );
    const entries = rows
      .filter((r) => !r.chained)
      .map((r) => {
        const entry = { caseId: r.id, caseSeq: 1, at: at.toISOString(), actor: 'system', action: 'adopted', payload: { columns: s.columns, digest: r.digest } };
        return { ...entry, hash: auditHash(null, entry, this.key) };
      });
    if (entries.length) {
      await tx.query(
        `WITH ch AS (INSERT INTO audit_chains (id, kind, audit_count, audit_head) SELECT u.id, $2, 1, u.hash FROM unnest($1::text[], $3::text[]) u(id, hash) ON CONFLICT (id) DO NOTHING RETURNING id)
         INSERT INTO audit_log (case_id, case_seq, at, actor, action, payload, prev_hash, hash, alg)
         SELECT u.id, 1, $4, 'system', 'adopted', jsonb_build_object('columns', $7::jsonb, 'digest', u.digest), NULL, u.hash, $5 FROM unnest($1::text[], $3::text[], $6::text[]) u(id, hash, digest) WHERE u.id IN (SELECT id FROM ch)`,
        [
          entries.map((e) => e.caseId),
          s.kind,
          entries.map((e) => e.hash),
          at.toISOString(),
          this.key.alg,
          entries.map((e) => e.payload.digest),
          JSON.stringify(s.columns),
        ],
      );
    }
    return { adopted: entries.length, last: rows.length < limit ? null : rows[rows.length - 1].k };
  }
}
