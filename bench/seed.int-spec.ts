import { Client } from 'pg';
import { StoredAudit, verifyChain } from '@permits/workflow-runtime';
import { DATABASES } from '../test/support/env';
import { seed } from './seed';

jest.setTimeout(120_000);

/**
 * The bench's seed writes what the runtime writes: its template cases are run through the real CaseRuntime
 * (whatever statements it uses), so the seeded rows keep the runtime's shape and every audit chain holds.
 */
describe('bench seed', () => {
  let url: string;
  let c: Client;

  beforeAll(async () => {
    ({ url } = await DATABASES.fresh('seed'));
    c = new Client({ connectionString: url });
    await c.connect();
  });
  afterAll(async () => {
    await c?.end();
  });

  it('seeds open discharge-permit cases at each stage, with their intake records, and nothing left by the templates', async () => {
    const r = await seed({ db: url, cases: 40, batch: 15, vacuum: false });
    expect(r.stages).toEqual({ review: 24, countersign: 10, decision: 6 });
    // the templates ran in transactions that were rolled back: only the 40 seeded cases are there
    const count = async (sql: string) => Number((await c.query(sql)).rows[0].n);
    expect(await count(`SELECT count(*) AS n FROM discharge_permit.cases`)).toBe(40);
    expect(await count(`SELECT count(*) AS n FROM intake.applications`)).toBe(40);
    expect(await count(`SELECT count(*) AS n FROM intake.cases WHERE id LIKE '\\_\\_%'`)).toBe(0);

    // the open tasks are those of each stage: the review by pollution, the two countersigns, the decision by approval
    const open = await c.query(
      `SELECT c.id, string_agg(t.dept, ',' ORDER BY t.dept) AS depts FROM discharge_permit.cases c JOIN discharge_permit.tasks t ON t.case_id = c.id AND t.status = 'open' GROUP BY c.id`,
    );
    const byDepts = new Map<string, number>();
    for (const row of open.rows as { depts: string }[]) byDepts.set(row.depts, (byDepts.get(row.depts) ?? 0) + 1);
    expect(Object.fromEntries(byDepts)).toEqual({ pollution: 24, 'enforcement,monitoring': 10, approval: 6 });
    // every open task is the service's own (prefixed id) and the applicants are the seeded enterprises
    expect(await count(`SELECT count(*) AS n FROM discharge_permit.tasks WHERE id NOT LIKE 'dp\\_%'`)).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM intake.applications a JOIN discharge_permit.cases c ON c.id = a.id AND c.applicant_credit_code = a.credit_code`),
    ).toBe(40);
    // each case has its SLA timers, not yet due
    expect(await count(`SELECT count(*) AS n FROM discharge_permit.timers WHERE due_at <= now()`)).toBe(0);
    expect(await count(`SELECT count(DISTINCT case_id) AS n FROM discharge_permit.timers`)).toBe(40);

    // every audit chain holds against its case row (the seed computes the hashes in SQL)
    for (const schema of ['discharge_permit', 'intake']) {
      const cases = (await c.query(`SELECT id, audit_head, audit_count FROM ${schema}.cases ORDER BY id`)).rows as {
        id: string;
        audit_head: string;
        audit_count: number;
      }[];
      expect(cases).toHaveLength(40);
      const entries = (
        await c.query(
          `SELECT id::text, case_id AS "caseId", case_seq AS "caseSeq", at, actor, action, payload, prev_hash AS "prevHash", hash, alg FROM ${schema}.audit_log ORDER BY case_id, case_seq`,
        )
      ).rows.map((e: StoredAudit & { at: Date }) => ({ ...e, at: e.at.toISOString() })) as StoredAudit[];
      for (const k of cases) {
        const chain = entries.filter((e) => e.caseId === k.id);
        expect(chain.length).toBeGreaterThan(0);
        expect(verifyChain(chain, k.audit_head, k.audit_count, null, true)).toBeNull();
      }
    }
  });
});
