import { Client } from 'pg';
import { DEPARTMENTS, type Dept } from '@permits/contracts/enums';
import { Answer, call, expectStatus } from './support/http';
import { materialsFor } from './support/materials';
import { round, sleep, summary } from './support/stats';
import { BenchSystem } from './support/system';
import { admin, applicant, BenchUser, staff } from './support/users';

export interface ThroughputOptions {
  cases: number;
  concurrency: number;
  pollMs: number;
  /**
   * Open loop (issue 26's latency target): a new case starts every 1 / `arrivalsPerSecond` s whatever is in flight,
   * instead of `concurrency` cases kept in flight (a closed loop, which saturates the machine and measures queueing).
   */
  arrivalsPerSecond?: number;
  /** how the departments learn of new work (issue 26, lever 4): the task stream (default) or polling */
  inbox?: 'stream' | 'poll';
  /** the e-mail channel is on (BENCH_EMAIL): give every department and enterprise an e-mail contact first */
  email?: boolean;
  log: (line: string) => void;
}

type Hop = { n: number; p50: number | null; p99: number | null; max: number | null; source: string };

/** The notices of the run (issue 26, lever 5): what they cost in jobs and how long they take to land. */
export interface NoticeFigures {
  /** per decided case, from the rows the run wrote */
  perCase: {
    notificationsStored: number;
    /** `notification.requested.v1` messages the services wrote (one queue hop each to the notification worker) */
    notificationRequests: number;
    deliveries: number;
    deliveriesSent: number;
    /** `notification.deliver.v1` messages notification wrote (a second queue hop each) */
    deliverJobs: number;
    /** every outbox message of every service (a BullMQ job each) */
    allJobs: number;
  };
  /** outbox messages per decided case, by job name (every service's outbox) */
  jobsPerCaseByName: Record<string, number>;
  latencyMs: {
    /** a discharge-permit task created → its task_assigned notification stored */
    stored: Hop;
    /** the case closed (permit issued) → the applicant's decision notification stored */
    decisionStored: Hop;
    /** a discharge-permit task created → its department's e-mail sent (BENCH_EMAIL=1 only) */
    sent: Hop | null;
  };
}

/** Per case: acceptance, review, two countersigns, decision (task completions) + handover and permit issue (system steps). */
export const TASK_COMPLETIONS_PER_CASE = 5;
export const SYSTEM_STEPS_PER_CASE = 2;

interface Task {
  id: string;
  applicationId: string;
  kind: string;
}

/**
 * A department working its inbox as the workbench does (issue 26, lever 4): it follows the task stream
 * (GET /api/v1/tasks/stream, server-sent events) and takes each announced task it waits for; announcements that
 * come before anyone waits are kept. The stream is a hint (API.md): a waiter that heard nothing for
 * `everyMs` × 20 (at least a second), and every waiter while the stream is down, is served by one read of the
 * inbox, as the workbench reads it again after a drop. With `poll` (BENCH_INBOX=poll) it polls instead, one
 * `GET /api/v1/tasks?status=open` every `everyMs` while someone waits (the bench before lever 4).
 */
class DeptInbox {
  private readonly waiters = new Map<string, { resolve: (id: string) => void; reject: (e: Error) => void; since: number; until: number }>();
  /** announced by the stream before anyone waited: key → task id */
  private readonly announced = new Map<string, string>();
  private running = true;
  private loop?: Promise<void>;
  private streamUp = false;
  private readonly stop_ = new AbortController();
  polls = 0;
  announcements = 0;
  readonly pollMs: number[] = [];

  constructor(
    private readonly base: string,
    readonly user: BenchUser,
    private readonly everyMs: number,
    private readonly mode: 'stream' | 'poll' = 'stream',
  ) {}

  start(): this {
    if (this.mode === 'stream') void this.follow();
    this.loop = this.run();
    return this;
  }

  waitFor(applicationId: string, kind: string, timeoutMs = 60_000): Promise<string> {
    const key = `${applicationId}:${kind}`;
    const heard = this.announced.get(key);
    if (heard) {
      this.announced.delete(key);
      return Promise.resolve(heard);
    }
    return new Promise((resolve, reject) => this.waiters.set(key, { resolve, reject, since: Date.now(), until: Date.now() + timeoutMs }));
  }

  private take(t: Task): void {
    const key = `${t.applicationId}:${t.kind}`;
    const w = this.waiters.get(key);
    if (w) {
      this.waiters.delete(key);
      w.resolve(t.id);
    } else if (this.mode === 'stream') this.announced.set(key, t.id);
  }

  /** Follows the task stream until stopped; opens it again after a drop. */
  private async follow(): Promise<void> {
    while (this.running) {
      try {
        const res = await fetch(new URL('/api/v1/tasks/stream', this.base), {
          headers: { accept: 'text/event-stream', authorization: this.user.auth },
          signal: this.stop_.signal,
        });
        if (!res.ok || !res.body) throw new Error(`task stream answered ${res.status}`);
        this.streamUp = true;
        let buffer = '';
        for await (const chunk of res.body.pipeThrough(new TextDecoderStream())) {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end).split('\n');
            buffer = buffer.slice(end + 2);
            const data = frame.find((l) => l.startsWith('data: '));
            if (!frame.includes('event: task') || !data) continue;
            this.announcements++;
            this.take(JSON.parse(data.slice(6)) as Task);
          }
        }
      } catch {
        /* dropped or refused: read the inbox meanwhile, open it again */
      }
      this.streamUp = false;
      if (this.running) await sleep(200);
    }
  }

  private async run(): Promise<void> {
    const patienceMs = Math.max(1_000, this.everyMs * 20);
    while (this.running) {
      const now = Date.now();
      const due = this.mode === 'poll' || !this.streamUp ? this.waiters.size > 0 : [...this.waiters.values()].some((w) => now - w.since > patienceMs);
      if (!due) {
        await sleep(5);
        continue;
      }
      try {
        const a = expectStatus(await call<{ items: Task[] }>(this.base, 'GET', '/api/v1/tasks?status=open&limit=1000', this.user.auth), 200);
        this.polls++;
        this.pollMs.push(a.ms);
        for (const t of a.body.items) if (this.waiters.has(`${t.applicationId}:${t.kind}`)) this.take(t);
      } catch {
        /* the next read retries */
      }
      for (const [key, w] of this.waiters) {
        w.since = Date.now(); // read once for this wait: patient again
        if (w.until < Date.now()) {
          this.waiters.delete(key);
          w.reject(new Error(`no ${key} task in the ${this.user.dept} inbox in time`));
        }
      }
      await sleep(this.everyMs);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stop_.abort();
    await this.loop;
  }
}

export interface ThroughputResult {
  /** notStarted: left out after too many failures (a wedged system) */
  cases: { requested: number; completed: number; failed: number; notStarted: number; errors: string[] };
  concurrency: number;
  seconds: number;
  casesPerSecond: number;
  transitions: { taskCompletions: number; systemSteps: number; total: number; perSecond: number };
  submissionsPerSecond: number;
  latencyMs: {
    taskCompletion: ReturnType<typeof summary>;
    byKind: Record<string, ReturnType<typeof summary>>;
    submit: ReturnType<typeof summary>;
    inboxPoll: ReturnType<typeof summary>;
    queueHop: { n: number; p50: number | null; p99: number | null; max: number | null; source: string };
    permitHop: { n: number; p50: number | null; p99: number | null; max: number | null; source: string };
    statusBackToIntake: { n: number; p50: number | null; p99: number | null; max: number | null; source: string };
    caseEndToEnd: ReturnType<typeof summary>;
  };
  notices: NoticeFigures;
  /** how the departments learned of their tasks: inbox reads (polls, or the stream's fallback) and stream announcements */
  inbox: { mode: 'stream' | 'poll'; reads: number; announcements: number };
  drained: boolean;
  database: {
    commitsPerTransition: number;
    rowsInsertedPerTransition: number;
    rowsUpdatedPerTransition: number;
    rowsDeletedPerTransition: number;
    note: string;
  };
}

/** Drives `cases` discharge-permit applications through the gateway, `concurrency` at a time, to the permit. */
export async function measureThroughput(sys: BenchSystem, dbUrl: string, o: ThroughputOptions): Promise<ThroughputResult> {
  const base = sys.url;
  const window = staff('window');
  const inboxes: Record<string, DeptInbox> = {};
  // the approval section's decisions are a head's (API.md "Who may act")
  for (const dept of ['pollution', 'monitoring', 'enforcement', 'approval'] as Dept[])
    inboxes[dept] = new DeptInbox(
      base,
      dept === 'approval' ? staff(dept, ['head'], 'bench-approval-head') : staff(dept),
      o.pollMs,
      o.inbox ?? 'stream',
    ).start();
  const applicants = Array.from({ length: 200 }, (_, n) => applicant(n));

  const catalog = expectStatus(
    await call<
      { licenseType: string; subItems: { code: string; kind: string; managementCategory?: string; materials: { code: string; required: boolean }[] }[] }[]
    >(base, 'GET', '/api/v1/catalog/items', applicants[0].auth),
    200,
  ).body;
  // a first permit under simplified management: the sub-item for it where the catalog has one, else the project says so
  const subs = catalog.filter((i) => i.licenseType === 'discharge_permit').flatMap((i) => i.subItems.filter((s) => s.kind === 'new'));
  const sub = subs.find((s) => s.managementCategory === 'simplified') ?? subs.find((s) => !s.managementCategory);
  if (!sub) throw new Error('the catalog has no discharge-permit sub-item of kind new');
  // each enterprise files only files it uploaded itself (API.md): every applicant this run uses uploads its
  // materials once, before the clock starts (not part of any transition)
  const used = applicants.slice(0, Math.min(applicants.length, Math.max(1, o.cases)));
  const materialsOf = new Map<string, Awaited<ReturnType<typeof materialsFor>>>();
  for (let i = 0; i < used.length; i += 8) {
    await Promise.all(used.slice(i, i + 8).map(async (u) => materialsOf.set(u.id, await materialsFor(base, u.auth, sub.materials))));
  }

  if (o.email) {
    // where the e-mail channel sends: every department's and every enterprise's contact (before the clock)
    const root = admin();
    const put = async (type: string, id: string) =>
      expectStatus(await call(base, 'PUT', `/api/v1/notifications/contacts/${type}/${id}`, root.auth, { email: `${id}@bench.test` }), 200);
    for (const dept of DEPARTMENTS) await put('dept', dept);
    for (let i = 0; i < used.length; i += 8) await Promise.all(used.slice(i, i + 8).map((u) => put('enterprise', u.creditCode!)));
  }

  const completions: Record<string, number[]> = { acceptance: [], review: [], countersign: [], decision: [] };
  const submits: number[] = [];
  const caseMs: number[] = [];
  const errors: string[] = [];
  let completedCases = 0;
  let taskCompletions = 0;
  let next = 0;

  const complete = async (user: BenchUser, taskId: string, kind: string, outcome: string) => {
    const a: Answer = expectStatus(await call(base, 'POST', `/api/v1/tasks/${taskId}/complete`, user.auth, { outcome }), 200);
    completions[kind].push(a.ms);
    taskCompletions++;
  };

  const oneCase = async (n: number) => {
    const t0 = performance.now();
    const who = applicants[n % applicants.length];
    const created = expectStatus(
      await call<{ id: string }>(base, 'POST', '/api/v1/applications', who.auth, {
        subItemCode: sub.code,
        project: { name: `Bench project ${n}` },
        materials: materialsOf.get(who.id),
      }),
      201,
    );
    submits.push(created.ms);
    const id = created.body.id;
    // the acceptance task is written in the submission's transaction: the application's view names it
    const view = expectStatus(await call<{ openTasks: { id: string; kind: string }[] }>(base, 'GET', `/api/v1/applications/${id}`, window.auth), 200);
    const acceptance = view.body.openTasks.find((t) => t.kind === 'acceptance');
    if (!acceptance) throw new Error(`application ${id} has no acceptance task`);
    await complete(window, acceptance.id, 'acceptance', 'accept');
    // handed over through the outbox and BullMQ to discharge-permit
    const review = await inboxes.pollution.waitFor(id, 'review');
    await complete(inboxes.pollution.user, review, 'review', 'approve');
    await Promise.all(
      (['monitoring', 'enforcement'] as Dept[]).map(async (dept) => {
        const cs = await inboxes[dept].waitFor(id, 'countersign');
        await complete(inboxes[dept].user, cs, 'countersign', 'approve');
      }),
    );
    const decision = await inboxes.approval.waitFor(id, 'decision');
    await complete(inboxes.approval.user, decision, 'decision', 'approve');
    caseMs.push(performance.now() - t0);
    completedCases++;
  };

  // what the database holds already (a warm-up run): not counted here
  const before = new Client({ connectionString: dbUrl });
  await before.connect();
  const dbStats = async (c: Client) =>
    (
      await c.query(
        `SELECT xact_commit::bigint AS commits, tup_inserted::bigint AS inserted, tup_updated::bigint AS updated, tup_deleted::bigint AS deleted FROM pg_stat_database WHERE datname = current_database()`,
      )
    ).rows[0] as Record<string, string>;
  const statsBefore = await dbStats(before);
  const baseline = (
    await before.query(
      `SELECT (SELECT count(*)::int FROM discharge_permit.cases) AS handovers, (SELECT count(*)::int FROM discharge_permit.permits) AS permits, (SELECT count(*)::int FROM discharge_permit.cases WHERE closed_at IS NOT NULL AND status = 'approved') AS closed, (SELECT count(*)::int FROM intake.applications WHERE status = 'approved') AS settled`,
    )
  ).rows[0] as { handovers: number; permits: number; closed: number; settled: number };
  const since = ((await before.query(`SELECT now() AS t`)).rows[0] as { t: Date }).t;
  await before.end();

  const startedWall = Date.now();
  const started = performance.now();
  let lastLog = started;
  // a wedged system must not hold the run for (cases × timeouts): give up once failures pile up
  const maxFailures = Math.max(10, Math.ceil(o.cases * 0.02));
  let failures = 0;
  const runner = async () => {
    while (next < o.cases && failures < maxFailures) {
      const n = next++;
      try {
        await oneCase(n);
      } catch (err) {
        failures++;
        if (errors.length < 20) errors.push((err as Error).message.slice(0, 300));
        if (failures === maxFailures) errors.push(`gave up after ${failures} failed cases`);
      }
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        o.log(`  ${completedCases}/${o.cases} cases decided, ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
    }
  };
  if (o.arrivalsPerSecond) {
    // each case at its arrival time, however many are still in flight (the failures cap still stops a wedged system)
    const arrivals: Promise<void>[] = [];
    for (let n = 0; n < o.cases && failures < maxFailures; n++) {
      const due = started + (n * 1000) / o.arrivalsPerSecond;
      if (due > performance.now()) await sleep(due - performance.now());
      next = n + 1;
      arrivals.push(
        oneCase(n).catch((err: Error) => {
          failures++;
          if (errors.length < 20) errors.push(err.message.slice(0, 300));
        }),
      );
    }
    await Promise.all(arrivals);
  } else await Promise.all(Array.from({ length: o.concurrency }, runner));
  await Promise.all(Object.values(inboxes).map((i) => i.stop()));
  const driverSeconds = (performance.now() - started) / 1000;

  // The permit (a system step on the discharge-permit worker) and the status back to intake follow the
  // decision asynchronously: wait until every decided case has them, then read the times from the database.
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  try {
    let drained = false;
    const drainUntil = Date.now() + 120_000;
    while (Date.now() < drainUntil) {
      const { rows } = await db.query(
        `SELECT (SELECT count(*)::int FROM discharge_permit.cases WHERE closed_at IS NOT NULL AND status = 'approved') AS closed,
                (SELECT count(*)::int FROM intake.applications WHERE status = 'approved') AS settled`,
      );
      const { rows: pending } = await db.query(
        `SELECT (SELECT count(*)::int FROM notification.deliveries WHERE status = 'pending') + (SELECT count(*)::int FROM notification.outbox WHERE published_at IS NULL) AS n`,
      );
      if (rows[0].closed - baseline.closed >= completedCases && rows[0].settled - baseline.settled >= completedCases && pending[0].n === 0) {
        drained = true;
        break;
      }
      await sleep(200);
    }
    const { rows: span } = await db.query(
      `SELECT extract(epoch FROM max(closed_at)) * 1000 AS last_closed, count(*)::int AS closed FROM discharge_permit.cases WHERE closed_at IS NOT NULL`,
    );
    const endWall = Number(span[0].last_closed ?? Date.now());
    const seconds = Math.max(driverSeconds, (endWall - startedWall) / 1000);
    const { rows: steps } = await db.query(
      `SELECT (SELECT count(*)::int FROM discharge_permit.cases) AS handovers, (SELECT count(*)::int FROM discharge_permit.permits) AS permits`,
    );
    const systemSteps = steps[0].handovers - baseline.handovers + (steps[0].permits - baseline.permits);

    const hop = async (sql: string, source: string, params: unknown[] = []): Promise<Hop> => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max FROM (${sql}) x`,
        params,
      );
      const r = rows[0];
      const f = (v: unknown) => (v === null ? null : round(Number(v)));
      return { n: r.n as number, p50: f(r.p50), p99: f(r.p99), max: f(r.max), source };
    };
    const queueHop = await hop(
      `SELECT extract(epoch FROM (r.created_at - a.completed_at)) * 1000 AS ms FROM intake.tasks a JOIN discharge_permit.tasks r ON r.case_id = a.case_id AND r.kind = 'review' WHERE a.kind = 'acceptance' AND a.completed_at IS NOT NULL`,
      'discharge_permit.tasks(review).created_at − intake.tasks(acceptance).completed_at: outbox relay → BullMQ → handover consumer',
    );
    const permitHop = await hop(
      `SELECT extract(epoch FROM (c.closed_at - d.completed_at)) * 1000 AS ms FROM discharge_permit.tasks d JOIN discharge_permit.cases c ON c.id = d.case_id WHERE d.kind = 'decision' AND d.completed_at IS NOT NULL AND c.closed_at IS NOT NULL`,
      'discharge_permit.cases.closed_at − tasks(decision).completed_at: the issue-permit system step over the service’s own queue',
    );
    const statusHop = await hop(
      `SELECT extract(epoch FROM (a.updated_at - c.closed_at)) * 1000 AS ms FROM discharge_permit.cases c JOIN intake.applications a ON a.id = c.id WHERE c.closed_at IS NOT NULL AND a.status = 'approved'`,
      'intake.applications.updated_at − discharge_permit.cases.closed_at: case.status-changed back to intake',
    );
    const notices = await noticeFigures(db, since, Math.max(1, completedCases), !!o.email, hop);
    await sleep(600); // the statistics collector reports about every 500 ms
    const statsAfter = await dbStats(db);
    const per = (k: string) => round((Number(statsAfter[k]) - Number(statsBefore[k])) / Math.max(1, taskCompletions + systemSteps), 1);
    const all = Object.values(completions).flat();
    return {
      cases: { requested: o.cases, completed: completedCases, failed: failures, notStarted: o.cases - Math.min(next, o.cases), errors },
      concurrency: o.concurrency,
      seconds: round(seconds, 2),
      casesPerSecond: round(completedCases / seconds, 2),
      transitions: { taskCompletions, systemSteps, total: taskCompletions + systemSteps, perSecond: round((taskCompletions + systemSteps) / seconds) },
      submissionsPerSecond: round(submits.length / seconds, 2),
      latencyMs: {
        taskCompletion: summary(all),
        byKind: Object.fromEntries(Object.entries(completions).map(([k, v]) => [k, summary(v)])),
        submit: summary(submits),
        inboxPoll: summary(Object.values(inboxes).flatMap((i) => i.pollMs)),
        queueHop,
        permitHop,
        statusBackToIntake: statusHop,
        caseEndToEnd: summary(caseMs),
      },
      notices,
      inbox: {
        mode: o.inbox ?? 'stream',
        reads: Object.values(inboxes).reduce((n, i) => n + i.polls, 0),
        announcements: Object.values(inboxes).reduce((n, i) => n + i.announcements, 0),
      },
      drained,
      database: {
        commitsPerTransition: per('commits'),
        rowsInsertedPerTransition: per('inserted'),
        rowsUpdatedPerTransition: per('updated'),
        rowsDeletedPerTransition: per('deleted'),
        note: 'pg_stat_database over the run ÷ transitions; commits include the reads (inbox polls, views), each its own transaction',
      },
    };
  } finally {
    await db.end();
  }
}

const SCHEMAS = ['intake', 'eia_review', 'discharge_permit', 'notification', 'supervision'];

/** The run's notices, read from the database after it drained: jobs per case and the notice path's latency. */
async function noticeFigures(
  db: Client,
  since: Date,
  cases: number,
  email: boolean,
  hop: (sql: string, source: string, params?: unknown[]) => Promise<Hop>,
): Promise<NoticeFigures> {
  const per = (n: number) => round(n / cases, 2);
  const { rows: jobs } = await db.query(
    `SELECT job_name, count(*)::int AS n FROM (${SCHEMAS.map((s) => `SELECT job_name FROM ${s}.outbox WHERE created_at >= $1`).join(' UNION ALL ')}) o GROUP BY job_name ORDER BY job_name`,
    [since],
  );
  const byName = Object.fromEntries((jobs as { job_name: string; n: number }[]).map((r) => [r.job_name, r.n]));
  const { rows: counts } = await db.query(
    `SELECT (SELECT count(*)::int FROM notification.notifications WHERE created_at >= $1) AS stored,
            (SELECT count(*)::int FROM notification.deliveries WHERE created_at >= $1) AS deliveries,
            (SELECT count(*)::int FROM notification.deliveries WHERE created_at >= $1 AND status = 'sent') AS sent`,
    [since],
  );
  const c = counts[0] as { stored: number; deliveries: number; sent: number };
  const stored = await hop(
    `SELECT extract(epoch FROM (n.created_at - t.created_at)) * 1000 AS ms FROM discharge_permit.tasks t
       JOIN notification.notifications n ON n.kind = 'task_assigned' AND n.data->>'taskId' = t.id::text WHERE t.created_at >= $1`,
    'notification.notifications(task_assigned).created_at − discharge_permit.tasks.created_at: outbox → BullMQ → notification worker → stored',
    [since],
  );
  const decisionStored = await hop(
    `SELECT extract(epoch FROM (n.created_at - c.closed_at)) * 1000 AS ms FROM discharge_permit.cases c
       JOIN notification.notifications n ON n.kind = 'decision' AND n.application_id = c.id::text WHERE c.closed_at >= $1`,
    'notification.notifications(decision).created_at − discharge_permit.cases.closed_at',
    [since],
  );
  const sent = email
    ? await hop(
        `SELECT extract(epoch FROM (d.sent_at - t.created_at)) * 1000 AS ms FROM discharge_permit.tasks t
           JOIN notification.notifications n ON n.kind = 'task_assigned' AND n.data->>'taskId' = t.id::text
           JOIN notification.deliveries d ON d.notification_id = n.id AND d.status = 'sent' WHERE t.created_at >= $1`,
        'notification.deliveries.sent_at − discharge_permit.tasks.created_at: the task’s department’s e-mail accepted by the SMTP sink',
        [since],
      )
    : null;
  return {
    perCase: {
      notificationsStored: per(c.stored),
      notificationRequests: per(byName['notification.requested.v1'] ?? 0),
      deliveries: per(c.deliveries),
      deliveriesSent: per(c.sent),
      deliverJobs: per(byName['notification.deliver.v1'] ?? 0),
      allJobs: per(Object.values(byName).reduce((a, b) => a + b, 0)),
    },
    jobsPerCaseByName: Object.fromEntries(Object.entries(byName).map(([k, v]) => [k, per(v)])),
    latencyMs: { stored, decisionStored, sent },
  };
}
