// One service's part of the integrity report, read from its own integrity_events (one service, one schema); the
// gateway merges the parts (apps/gateway/src/integrity-report.ts). Served at /internal/integrity: the gateway
// never routes /internal from outside, and the part checks the caller's role like any route.
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { INTEGRITY_PART_LIMIT, IntegrityPart, type StoredIntegrityList } from './integrity';

const DIRECT_LISTS = ['fastDecisions', 'outOfHours', 'longPauses', 'recusals', 'overrides'] as const;
/** Reads this service's facts by list and time (index integrity_events_by_time). */
export async function integrityPart(db: DataSource, range: { since: Date | null; before: Date | null }): Promise<IntegrityPart> {
  const part: IntegrityPart = { fastDecisions: [], outOfHours: [], longPauses: [], recusals: [], overrides: [], assignments: [], truncated: [] };
  const params = [range.since, range.before];
  const when = (a: string, b: string) => `(${a}::timestamptz IS NULL OR at >= ${a}) AND (${b}::timestamptz IS NULL OR at < ${b})`;
  for (const list of DIRECT_LISTS) {
    const rows: { case_id: string; application_id: string | null; user_id: string; at: Date; detail: Record<string, unknown> }[] = await db.query(
      `SELECT case_id, application_id, user_id, at, detail FROM integrity_events WHERE list = $1 AND ${when('$2', '$3')} ORDER BY at DESC, id DESC LIMIT ${INTEGRITY_PART_LIMIT + 1}`,
      [list, ...params],
    );
    if (rows.length > INTEGRITY_PART_LIMIT) part.truncated.push(list);
    part[list] = rows
      .slice(0, INTEGRITY_PART_LIMIT)
      .map((r) => ({ caseId: r.case_id, applicationId: r.application_id, userId: r.user_id, at: new Date(r.at).toISOString(), detail: r.detail }));
  }
  // every (person, enterprise, year) with the distinct cases given: the gateway adds up the services' groups
  const groups: { user_id: string; credit_code: string; year: number; cases: { caseId: string; applicationId: string | null }[] }[] = await db.query(
    `SELECT user_id, credit_code, (detail->>'year')::int AS year, jsonb_agg(DISTINCT jsonb_build_object('caseId', case_id, 'applicationId', application_id)) AS cases
       FROM integrity_events WHERE list = 'assignment' AND ${when('$1', '$2')}
      GROUP BY user_id, credit_code, (detail->>'year')::int`,
    params,
  );
  part.assignments = groups.map((g) => ({ userId: g.user_id, creditCode: g.credit_code, year: g.year, cases: g.cases }));
  return part;
}

/**
 * A fact that happens outside a case command (a permit renewed by operation of law at its expiry), written in the
 * caller's transaction like the runtime's own.
 */
export async function recordIntegrityFact(
  tx: EntityManager,
  f: { list: StoredIntegrityList; caseId: string; applicationId: string | null; userId: string; creditCode: string; at: Date; detail: Record<string, unknown> },
): Promise<void> {
  await tx.query(
    `INSERT INTO integrity_events (list, case_id, application_id, user_id, credit_code, at, detail) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT DO NOTHING`,
    [f.list, f.caseId, f.applicationId, f.userId, f.creditCode, f.at, JSON.stringify(f.detail)],
  );
}

/** This service's part of the integrity report, for its controller (/internal/integrity). */
@Injectable()
export class IntegrityPartQueries {
  constructor(private readonly db: DataSource) {}

  part(range: { since: Date | null; before: Date | null }): Promise<IntegrityPart> {
    return integrityPart(this.db, range);
  }
}
