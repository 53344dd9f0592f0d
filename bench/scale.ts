import autocannon from 'autocannon';
import { Client } from 'pg';
import type { Dept } from '@permits/contracts/enums';
import { round } from './support/stats';
import { BenchSystem } from './support/system';
import { staff } from './support/users';

export interface LoadResult {
  what: string;
  path: string;
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  errors: number;
}

const encodeCursor = (createdAt: Date, id: string) => Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');

/** Runs autocannon against `base`, each request's path taken in turn from `paths`. */
async function load(what: string, base: string, auth: string, paths: string[], o: { seconds: number; connections: number }): Promise<LoadResult> {
  let i = 0;
  const r = await autocannon({
    url: base,
    connections: o.connections,
    duration: o.seconds,
    timeout: 30,
    headers: { authorization: auth, accept: 'application/json' },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  return {
    what,
    path: paths[0].replace(/cursor=[^&]+/, 'cursor=…').replace(/applications\/[^/?]+/, 'applications/:id'),
    connections: o.connections,
    seconds: round(r.duration, 1),
    requests: r.requests.total,
    requestsPerSecond: round(r.requests.total / Math.max(r.duration, 1e-9)),
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: round(r.latency.mean, 2) },
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

export interface EndpointsResult {
  openCases: number;
  /** facts in discharge_permit.integrity_events when the integrity report was measured (seeded: see below) */
  integrityFacts?: number;
  inboxDept: string;
  inboxOpenTasks: number;
  runs: LoadResult[];
}

/**
 * The read paths a bureau leans on, under load through the gateway: the task inbox of the department with
 * the most open tasks (first page, and pages deep in the list through random keyset cursors), the same
 * inbox straight from the discharge-permit service (what the gateway's composition costs), and a case's
 * full view (intake's record composed with the owner's tasks, history and clock).
 */
export async function measureEndpoints(sys: BenchSystem, dbUrl: string, o: { seconds: number; connections: number; full: boolean }): Promise<EndpointsResult> {
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  let dept: Dept;
  let openTasks: number;
  let openCases: number;
  let cursors: string[];
  let appIds: string[];
  let searches: string[];
  try {
    const { rows: d } = await db.query(
      `SELECT dept, count(*)::int AS n FROM discharge_permit.tasks WHERE status = 'open' GROUP BY dept ORDER BY n DESC LIMIT 1`,
    );
    dept = d[0].dept as Dept;
    openTasks = d[0].n as number;
    openCases = (await db.query(`SELECT count(*)::int AS n FROM discharge_permit.cases WHERE closed_at IS NULL`)).rows[0].n as number;
    const { rows: c } = await db.query(`SELECT created_at, id FROM discharge_permit.tasks WHERE status = 'open' AND dept = $1 ORDER BY md5(id) LIMIT 500`, [
      dept,
    ]);
    cursors = c.map((r: { created_at: Date; id: string }) => encodeCursor(r.created_at, r.id));
    const { rows: a } = await db.query(
      `SELECT id FROM intake.applications WHERE owner = 'discharge-permit' AND status = 'in_review' ORDER BY md5(id) LIMIT 500`,
    );
    appIds = a.map((r: { id: string }) => r.id);
    // what a clerk types: a project's name, or an enterprise's credit code (API.md: q matches either)
    const { rows: q } = await db.query(`SELECT project->>'name' AS name, credit_code FROM intake.applications ORDER BY md5(id || 'q') LIMIT 500`);
    searches = q.map(
      (r: { name: string; credit_code: string }, i: number) => `/api/v1/applications?q=${encodeURIComponent(i % 2 ? r.credit_code : r.name)}&limit=20`,
    );
  } finally {
    await db.end();
  }
  const clerk = staff(dept);
  const runs: LoadResult[] = [];
  const short = { seconds: o.full ? o.seconds : Math.max(2, Math.round(o.seconds / 2)), connections: o.connections };
  runs.push(await load('inbox, first page', sys.url, clerk.auth, ['/api/v1/tasks?status=open&limit=50'], short));
  runs.push(
    await load(
      'inbox, random cursor',
      sys.url,
      clerk.auth,
      cursors.map((c) => `/api/v1/tasks?status=open&limit=50&cursor=${c}`),
      short,
    ),
  );
  runs.push(
    await load('inbox, first page, 1 connection', sys.url, clerk.auth, ['/api/v1/tasks?status=open&limit=50'], { seconds: short.seconds, connections: 1 }),
  );
  if (o.full)
    runs.push(
      await load(
        'inbox, first page, discharge-permit service direct',
        `http://127.0.0.1:${sys.env.DISCHARGE_PERMIT_PORT}`,
        clerk.auth,
        ['/api/v1/tasks?status=open&limit=50'],
        short,
      ),
    );
  runs.push(await load('application search (q)', sys.url, clerk.auth, searches, short));
  runs.push(
    await load(
      'application view (composed)',
      sys.url,
      clerk.auth,
      appIds.map((id) => `/api/v1/applications/${id}`),
      short,
    ),
  );
  const integrityFacts = await seedIntegrityFacts(dbUrl);
  const auditor = staff('legal', ['auditor'], 'bench-auditor');
  const day = (msAgo: number) => new Date(Date.now() + 8 * 3_600_000 - msAgo).toISOString().slice(0, 10); // China-time dates
  runs.push(
    await load('integrity report, one month (composed)', sys.url, auditor.auth, [`/api/v1/reports/integrity?from=${day(30 * 86_400_000)}&to=${day(0)}`], short),
  );
  return { openCases, inboxDept: dept, inboxOpenTasks: openTasks, integrityFacts, runs };
}

/**
 * The seeded cases never ran through the runtime's integrity rules (the seed copies one template case's rows), so
 * the integrity report would read an empty table: one fact for every five cases is written here, spread over the
 * year before today and over the six lists (assignments counted into repeatedAssignments), as a bureau of that
 * size would collect them. Idempotent: tops the table up to that count, with cases that have none yet.
 */
async function seedIntegrityFacts(dbUrl: string): Promise<number> {
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const cases = (await db.query(`SELECT count(*)::int AS n FROM discharge_permit.cases`)).rows[0].n as number;
    const have = (await db.query(`SELECT count(*)::int AS n FROM discharge_permit.integrity_events`)).rows[0].n as number;
    const want = Math.floor(cases / 5);
    if (have < want) {
      await db.query(
        `INSERT INTO discharge_permit.integrity_events (list, case_id, application_id, user_id, credit_code, at, detail)
         SELECT (ARRAY['fastDecisions','outOfHours','longPauses','recusals','overrides','assignment'])[1 + (c.n % 6)], c.id, c.id, 'bench-officer-' || (c.n % 300), c.applicant_credit_code,
                now() - make_interval(secs => (c.n * 7919) % (365 * 86400)), jsonb_build_object('bench', true, 'year', extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int)
           FROM (SELECT id, applicant_credit_code, $2::int + row_number() OVER (ORDER BY id) AS n
                   FROM discharge_permit.cases k
                  WHERE NOT EXISTS (SELECT 1 FROM discharge_permit.integrity_events e WHERE e.case_id = k.id)
                  ORDER BY id LIMIT $1) c`,
        // cases without a fact yet: a top-up (10,000 → 1,000,000) must not give a case a second longPauses fact
        [want - have, have],
      );
      await db.query(`ANALYZE discharge_permit.integrity_events`);
    }
    return Math.max(have, want);
  } finally {
    await db.end();
  }
}
