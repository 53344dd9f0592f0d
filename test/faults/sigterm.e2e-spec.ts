import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Queues } from '../../libs/contracts/src/jobs';
import { drained } from '../support/drain';
import { BASE_DB_URL } from '../support/env';
import { Portal } from '../support/portal';
import { eventually, RunningSystem } from '../support/system';
import { TcpProxy } from '../support/tcp-proxy';
import { aStaff, anApplicant } from '../support/users';

jest.setTimeout(300_000); // the system boots in this time too, on a loaded machine

const INTAKE_HTTP = 'apps/intake/src/main.js';
const DP_WORKER = 'apps/discharge-permit/src/worker.js';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Fault 6: SIGTERM (a rolling deploy, a node drained). An HTTP process answers the requests it holds before it
 * exits; a worker finishes its running jobs or hands them back (BullMQ gives a job whose lock lapsed to another
 * worker); both exit by themselves within SHUTDOWN_GRACE_SECONDS (5 s here). PostgreSQL is reached through a
 * slow TCP proxy so that work is surely in flight when the signal comes.
 */
describe('SIGTERM drains', () => {
  let proxy: TcpProxy;
  let sys: RunningSystem;
  let portal: Portal;
  const window = aStaff('window');
  const pollution = aStaff('pollution');
  const applicant = anApplicant();
  let body: { subItemCode: string; project: Record<string, unknown>; materials: unknown[] };

  beforeAll(async () => {
    proxy = await TcpProxy.toDatabase(BASE_DB_URL);
    sys = await RunningSystem.start({ label: 'faults_sigterm', databaseVia: (url) => proxy.via(url) });
    portal = new Portal(sys);
    body = await portal.applicationFor(applicant, 'discharge_permit');
  });
  afterAll(async () => {
    proxy?.setLatency(0);
    await sys?.stop();
    await proxy?.stop();
  });

  it('answers every request an HTTP process holds when SIGTERM comes, then exits by itself', async () => {
    proxy.setLatency(100);
    let answered = 0;
    const sent = Array.from({ length: 4 }, (_, i) =>
      portal
        .post(applicant, '/api/v1/applications', { ...body, project: { ...body.project, name: `Drain ${i}` } })
        .timeout(30_000)
        .then((res) => {
          answered++;
          return res;
        }),
    );
    await sleep(400);
    expect(answered).toBe(0); // the four are in intake's hands, waiting on the slow database
    const exit = await sys.terminate(INTAKE_HTTP, 20_000);
    const answers = await Promise.all(sent);
    proxy.setLatency(0);

    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(exit.byItself).toBe(true);

    sys.restart(INTAKE_HTTP);
    for (const r of answers)
      await eventually(async () => (await portal.get(applicant, `/api/v1/applications/${r.body.id}`)).status === 200, 30_000, 'intake back');
  });

  it('lets a worker finish or hand back its running jobs on SIGTERM: every case taken up once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push((await portal.post(applicant, '/api/v1/applications', { ...body, project: { ...body.project, name: `Handback ${i}` } }).expect(201)).body.id);
    const tasks = await Promise.all(ids.map((id) => portal.taskFor(window, id, 'acceptance')));
    proxy.setLatency(100);
    for (const t of tasks) await portal.complete(window, t.id, 'accept').timeout(30_000).expect(200);

    // SIGTERM while the worker holds a handover
    const connection = new IORedis(sys.env.REDIS_URL, { maxRetriesPerRequest: 1 });
    const queue = new Queue(Queues.DischargePermit, { connection, prefix: sys.env.REDIS_PREFIX });
    try {
      await eventually(async () => (await queue.getJobCounts('active')).active > 0, 30_000, 'the worker to hold a job');
      const exit = await sys.terminate(DP_WORKER, 20_000);
      expect(exit.byItself).toBe(true);
    } finally {
      await queue.close();
      connection.disconnect();
    }
    proxy.setLatency(0);
    sys.restart(DP_WORKER);

    const reviews = async () =>
      ((await portal.get(pollution, '/api/v1/tasks?limit=1000').expect(200)).body.items as { applicationId: string; kind: string }[]).filter(
        (t) => ids.includes(t.applicationId) && t.kind === 'review',
      );
    await eventually(async () => (await reviews()).length >= ids.length, 60_000, 'a review task for every case');
    await drained(sys.dbUrl, sys.env.REDIS_URL, sys.env.REDIS_PREFIX);
    const found = await reviews();
    expect(found).toHaveLength(ids.length);
    expect(new Set(found.map((t) => t.applicationId)).size).toBe(ids.length);
  });

  it('exits after the grace when a job outlasts it, and the job is handed back', async () => {
    const id = (await portal.post(applicant, '/api/v1/applications', { ...body, project: { ...body.project, name: 'Outlasts' } }).expect(201)).body
      .id as string;
    const task = await portal.taskFor(window, id, 'acceptance');
    await portal.complete(window, task.id, 'accept').expect(200);
    // from now on every query takes seconds: the handover's job outlasts the 5 s grace
    proxy.setLatency(3000);
    const connection = new IORedis(sys.env.REDIS_URL, { maxRetriesPerRequest: 1 });
    const queue = new Queue(Queues.DischargePermit, { connection, prefix: sys.env.REDIS_PREFIX });
    try {
      await eventually(async () => (await queue.getJobCounts('active')).active > 0, 60_000, 'the worker to hold the handover');
      const exit = await sys.terminate(DP_WORKER, 20_000);
      expect(exit).toMatchObject({ byItself: true, code: 1 }); // the grace ran out: exit 1, not a SIGKILL
    } finally {
      proxy.setLatency(0);
      await queue.close();
      connection.disconnect();
    }
    sys.restart(DP_WORKER);

    const reviews = async () =>
      ((await portal.get(pollution, '/api/v1/tasks?limit=1000').expect(200)).body.items as { applicationId: string; kind: string }[]).filter(
        (t) => t.applicationId === id && t.kind === 'review',
      );
    await eventually(async () => (await reviews()).length > 0, 60_000, 'the handed-back job to be done');
    await drained(sys.dbUrl, sys.env.REDIS_URL, sys.env.REDIS_PREFIX);
    expect(await reviews()).toHaveLength(1);
  });
});
