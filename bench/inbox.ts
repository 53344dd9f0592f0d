import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { Client } from 'pg';
import type { Dept } from '@permits/contracts/enums';
import { seed } from './seed';
import { createTemplate, dropDatabase, dropTemplate, freshDatabase } from './support/database';
import { round } from './support/stats';
import { BenchSystem } from './support/system';
import { staff } from './support/users';

/**
 * Issue 26 lever 3, the task index: `node dist/bench/inbox.js [--cases N] [--seconds S] [--changes K]`.
 *  1. Seeds N open discharge-permit cases (bench/seed.ts) into a fresh copy of the bench template.
 *  2. Before: the system as deployments without TASK_INDEX_DATABASE_URL run it (the gateway asks the four case
 *     services for every inbox); the inbox of the department with the most open tasks, first page and random keyset
 *     cursors, 8 connections, S seconds each (autocannon, as bench/scale.ts).
 *  3. After: the same system with the task index on (every feed enabled: the backfill of the N cases' open tasks through
 *     outbox → relay → queue → task index worker, timed until the index holds them all), then the same two loads.
 *  4. Staleness: K task changes committed one after another into discharge_permit.tasks (a new open task each, as any
 *     path would write it), each timed from its COMMIT's return to the index's announcement of it at the projection's
 *     commit (LISTEN task_index_opened): commit → visible in the index, p50/p99. Then the same while the inbox load runs.
 * Prints one JSON object. Ratios within one run matter, not absolute times (bench/README.md).
 */

interface Load {
  what: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

const encodeCursor = (createdAt: Date, id: string) => Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');

async function load(what: string, base: string, auth: string, paths: string[], seconds: number, connections = 8): Promise<Load> {
  let i = 0;
  const r = await autocannon({
    url: base,
    connections,
    duration: seconds,
    timeout: 30,
    headers: { authorization: auth, accept: 'application/json' },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  return {
    what,
    requestsPerSecond: round(r.requests.total / Math.max(r.duration, 1e-9)),
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** K new open tasks committed one at a time; each timed from its COMMIT's return to its announcement by the index. */
async function staleness(
  dbUrl: string,
  k: number,
  caseId: string,
  dept: Dept,
): Promise<{ changes: number; p50: number; p99: number; max: number; missed: number }> {
  const writer = new Client({ connectionString: dbUrl });
  const listener = new Client({ connectionString: dbUrl });
  await Promise.all([writer.connect(), listener.connect()]);
  const committed = new Map<string, number>();
  const seen = new Map<string, number>();
  listener.on('notification', (n) => {
    const id = (JSON.parse(n.payload ?? '{}') as { id?: string }).id;
    if (id && !seen.has(id)) seen.set(id, performance.now());
  });
  await listener.query('LISTEN task_index_opened');
  try {
    const tag = Date.now().toString(36);
    for (let i = 0; i < k; i++) {
      const id = `dp_stale-${tag}-${i}`;
      await writer.query('BEGIN');
      await writer.query(
        `INSERT INTO discharge_permit.tasks (id, case_id, kind, step_id, dept, assignee, status, created_at) VALUES ($1, $2, 'review', 'review', $3, NULL, 'open', now())`,
        [id, caseId, dept],
      );
      await writer.query('COMMIT');
      committed.set(id, performance.now());
      await new Promise((r) => setTimeout(r, 20)); // about 50 changes a second, one at a time
    }
    const deadline = Date.now() + 30_000;
    while (seen.size < k && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const lags = [...committed]
      .filter(([id]) => seen.has(id))
      .map(([id, at]) => Math.max(0, (seen.get(id) as number) - at))
      .sort((a, b) => a - b);
    // the bench's own rows leave the inbox again
    await writer.query(`DELETE FROM discharge_permit.tasks WHERE id LIKE $1`, [`dp_stale-${tag}-%`]);
    return {
      changes: k,
      p50: round(percentile(lags, 50), 1),
      p99: round(percentile(lags, 99), 1),
      max: round(lags[lags.length - 1] ?? NaN, 1),
      missed: k - lags.length,
    };
  } finally {
    await Promise.all([writer.end(), listener.end()]);
  }
}

async function measureInbox(sys: BenchSystem, dbUrl: string, seconds: number): Promise<{ dept: Dept; openTasks: number; runs: Load[] }> {
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const { rows: d } = await db.query(
      `SELECT dept, count(*)::int AS n FROM discharge_permit.tasks WHERE status = 'open' GROUP BY dept ORDER BY n DESC LIMIT 1`,
    );
    const dept = d[0].dept as Dept;
    const { rows: c } = await db.query(`SELECT created_at, id FROM discharge_permit.tasks WHERE status = 'open' AND dept = $1 ORDER BY md5(id) LIMIT 500`, [
      dept,
    ]);
    const cursors = c.map((r: { created_at: Date; id: string }) => encodeCursor(r.created_at, r.id));
    const clerk = staff(dept);
    const runs = [
      await load('inbox, first page', sys.url, clerk.auth, ['/api/v1/tasks?status=open&limit=50'], seconds),
      await load(
        'inbox, random cursor',
        sys.url,
        clerk.auth,
        cursors.map((x) => `/api/v1/tasks?status=open&limit=50&cursor=${x}`),
        seconds,
      ),
    ];
    return { dept, openTasks: d[0].n as number, runs };
  } finally {
    await db.end();
  }
}

async function main(): Promise<void> {
  const arg = (name: string, dflt: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const cases = arg('cases', 100_000);
  const seconds = arg('seconds', 10);
  const changes = arg('changes', 300);
  const log = (l: string) => console.error(`[inbox] ${l}`);
  const out: Record<string, unknown> = { cases, seconds, loadAverageAtStart: loadavg().map((x) => round(x, 2)) };
  await createTemplate();
  const db = await freshDatabase('inbox');
  let sys: BenchSystem | undefined;
  try {
    log(`seeding ${cases} cases`);
    const seeded = await seed({ db: db.url, cases, log: (l) => log(`  ${l}`) });
    out.seedSeconds = seeded.seconds;

    log('before: the gateway asks the four case services');
    sys = await BenchSystem.start({ dbUrl: db.url });
    out.before = await measureInbox(sys, db.url, seconds);
    await sys.stop();
    sys = undefined;

    log('after: the task index on (feeds enabled, open tasks republished)');
    const t0 = Date.now();
    sys = await BenchSystem.start({ dbUrl: db.url, taskIndex: true });
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      const want = async () =>
        (
          await c.query(
            `SELECT (SELECT count(*) FROM intake.tasks WHERE status = 'open') + (SELECT count(*) FROM eia_review.tasks WHERE status = 'open')
                  + (SELECT count(*) FROM discharge_permit.tasks WHERE status = 'open') + (SELECT count(*) FROM supervision.tasks WHERE status = 'open') AS n`,
          )
        ).rows[0].n as string;
      const have = async () => (await c.query(`SELECT count(*) AS n FROM task_index.tasks WHERE open`)).rows[0].n as string;
      const target = Number(await want());
      while (Number(await have()) < target) await new Promise((r) => setTimeout(r, 500));
      out.backfill = { openTasks: target, seconds: round((Date.now() - t0) / 1000, 1), note: 'system start + republish + relay + projection' };
      log(`index caught up: ${target} open tasks in ${(out.backfill as { seconds: number }).seconds} s`);
      const caseId = (await c.query(`SELECT id FROM discharge_permit.cases WHERE closed_at IS NULL LIMIT 1`)).rows[0].id as string;
      out.after = await measureInbox(sys, db.url, seconds);
      out.staleness = await staleness(db.url, changes, caseId, 'legal');
      // the same while the inbox is under load (8 connections)
      const busy = load(
        'inbox, first page (during staleness)',
        sys.url,
        staff((out.after as { dept: Dept }).dept).auth,
        ['/api/v1/tasks?status=open&limit=50'],
        Math.max(5, Math.ceil((changes * 25) / 1000)),
      );
      out.stalenessUnderInboxLoad = await staleness(db.url, changes, caseId, 'legal');
      out.inboxDuringStaleness = await busy;
    } finally {
      await c.end();
    }
  } finally {
    await sys?.stop();
    if (!process.env.BENCH_KEEP_DB) {
      await dropDatabase(db.name);
      await dropTemplate();
    }
  }
  console.log(JSON.stringify(out, null, 2));
}

if (require.main === module)
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
