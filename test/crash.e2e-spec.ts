import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { drained } from './support/drain';
import { REDIS_URL } from './support/env';
import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { aStaff, anApplicant } from './support/users';

jest.setTimeout(420_000);

/**
 * Kills workers (and intake's HTTP process) with SIGKILL while accepted cases are being handed over, relayed and
 * taken up, checking that each kill caught a job in hand; once every queue and outbox has drained (past the lock
 * and the stall check), checks every case and every effect: none lost, none doubled.
 */
describe('crash safety', () => {
  let sys: RunningSystem;
  let portal: Portal;
  const window = aStaff('window');
  const pollution = aStaff('pollution');

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'crash' });
    portal = new Portal(sys);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  let connection: IORedis | undefined;
  const queues = new Map<string, Queue>();
  afterAll(async () => {
    for (const q of queues.values()) await q.close();
    connection?.disconnect();
  });

  async function activeJobs(name: string): Promise<number> {
    connection ??= new IORedis(REDIS_URL, { maxRetriesPerRequest: 1 });
    let q = queues.get(name);
    if (!q) queues.set(name, (q = new Queue(name, { connection, prefix: sys.env.REDIS_PREFIX })));
    return q.getActiveCount();
  }

  it('loses no accepted case and duplicates no task or notification when workers die mid-flight', async () => {
    const applicant = anApplicant();
    const body = await portal.applicationFor(applicant, 'discharge_permit');
    const ids: string[] = [];
    for (let i = 0; i < 24; i++)
      ids.push((await portal.post(applicant, '/api/v1/applications', { ...body, project: { ...body.project, name: `Plant ${i}` } }).expect(201)).body.id);
    const acceptance = await Promise.all(ids.map((id) => portal.taskFor(window, id, 'acceptance')));

    // accept them all while the relay, the consumer and intake's HTTP process are killed under the load;
    // a portal sends a command again when its connection broke (409: the first one went through)
    const accepting = (async () => {
      for (const t of acceptance) {
        for (let attempt = 0; ; attempt++) {
          const res = await portal.complete(window, t.id, 'accept').catch(() => undefined);
          if (res && (res.status === 200 || res.status === 409)) break;
          if (attempt > 300) throw new Error(`task ${t.id} never accepted: ${res?.status}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    })();
    // each kill must catch work in flight: wait until the worker holds a job, then kill it; the job stays
    // active in Redis (its lock unreleased) until the stall check hands it back
    const caught: string[] = [];
    const killInFlight = async (entry: string, queue: string) => {
      const deadline = Date.now() + 60_000; // a worker restarted under load may take a while to take jobs again
      while ((await activeJobs(queue)) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await sys.kill(entry);
      if ((await activeJobs(queue)) > 0) caught.push(entry);
      sys.restart(entry);
    };
    await killInFlight('apps/discharge-permit/src/worker.js', 'discharge-permit');
    await sys.crash('apps/intake/src/main.js'); // mid-command: the acceptances in hand are cut
    await killInFlight('apps/intake/src/worker.js', 'intake');
    await killInFlight('apps/discharge-permit/src/worker.js', 'discharge-permit');
    await accepting;
    await sys.crash('apps/discharge-permit/src/worker.js');
    expect(caught).toEqual(['apps/discharge-permit/src/worker.js', 'apps/intake/src/worker.js', 'apps/discharge-permit/src/worker.js']);

    // every case reaches the owner exactly once: one review task each, never two
    const reviews = await eventually(
      async () => {
        const res = await portal.get(pollution, '/api/v1/tasks?limit=1000').expect(200);
        const mine = (res.body.items as { applicationId: string; kind: string }[]).filter((t) => ids.includes(t.applicationId));
        return mine.length >= ids.length ? mine : undefined;
      },
      120_000,
      'every review task',
    );
    expect(reviews).toHaveLength(ids.length);
    expect(new Set(reviews.map((t) => t.applicationId)).size).toBe(ids.length);
    expect(reviews.every((t) => t.kind === 'review')).toBe(true);

    // one task_assigned notice per review task for the department, and nothing else doubled
    const notices = await eventually(
      async () => {
        const res = await portal.get(pollution, '/api/v1/notifications?limit=1000').expect(200);
        const mine = (res.body.items as { applicationId: string; kind: string }[]).filter((n) => ids.includes(n.applicationId) && n.kind === 'task_assigned');
        return mine.length >= ids.length ? mine : undefined;
      },
      120_000,
      'every task_assigned notification',
    );
    // every job a killed worker held comes back after its lock lapses: wait until nothing is left anywhere
    await drained(sys.dbUrl, REDIS_URL, sys.env.REDIS_PREFIX, 60_000);
    const settled = await portal.get(pollution, '/api/v1/notifications?limit=1000').expect(200);
    const finalNotices = (settled.body.items as { applicationId: string; kind: string }[]).filter(
      (n) => ids.includes(n.applicationId) && n.kind === 'task_assigned',
    );
    expect(notices.length).toBe(ids.length);
    expect(finalNotices.length).toBe(ids.length);

    // and the applicant's records all say in_review
    for (const id of ids) {
      const view = await portal.get(applicant, `/api/v1/applications/${id}`).expect(200);
      expect(view.body.status).toBe('in_review');
      expect(view.body.openTasks).toHaveLength(1);
    }
  });

  it('takes up a case once when its handover is delivered again with the same id', async () => {
    const applicant = anApplicant();
    const { body } = await portal.post(applicant, '/api/v1/applications', await portal.applicationFor(applicant, 'discharge_permit')).expect(201);
    await portal.complete(window, (await portal.taskFor(window, body.id, 'acceptance')).id, 'accept').expect(200);
    await portal.taskFor(pollution, body.id, 'review');
    await portal.notification(pollution, body.id, 'task_assigned');
    await activeJobs('discharge-permit');
    const queue = queues.get('discharge-permit')!;
    const job = (await queue.getCompleted(0, 5000)).find((j) => j.name === 'case.handover.v1' && j.data.applicationId === body.id);
    expect(job).toBeDefined();
    // the same message id again, as BullMQ redelivers a job whose worker died before recording success
    await job!.remove();
    await queue.add(job!.name, job!.data, { jobId: job!.id });
    await eventually(async () => (await queue.getJobState(job!.id as string)) === 'completed', 20_000, 'the redelivered handover');
    await drained(sys.dbUrl, REDIS_URL, sys.env.REDIS_PREFIX, 30_000);
    const tasks = ((await portal.get(pollution, '/api/v1/tasks?limit=1000').expect(200)).body.items as { applicationId: string }[]).filter(
      (t) => t.applicationId === body.id,
    );
    expect(tasks).toHaveLength(1);
    const notices = (
      (await portal.get(pollution, '/api/v1/notifications?limit=1000').expect(200)).body.items as { applicationId: string; kind: string }[]
    ).filter((n) => n.applicationId === body.id && n.kind === 'task_assigned');
    expect(notices).toHaveLength(1);
  });
});
