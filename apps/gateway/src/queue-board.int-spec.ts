import { randomBytes, randomUUID } from 'node:crypto';
import { UnrecoverableError, Worker } from 'bullmq';
import Fastify, { type FastifyInstance } from 'fastify';
import request from 'supertest';
import { TokenVerifier } from '@permits/auth';
import { signTestToken } from '@permits/auth/testing/tokens';
import { Jobs, QUEUE_NAMES, Queues } from '@permits/contracts/jobs';
import { QueueClient, QueueSigner, startConsumer } from '@permits/queue';
import { REDIS_PREFIX, REDIS_URL } from '../../../test/support/env';
import { QUEUE_BOARD_PATH, queueBoard } from './queue-board';

jest.setTimeout(60_000);

const SECRET = 'queue-board-int-spec-jwt-secret';
const bearer = (roles: string[]) => `Bearer ${signTestToken({ id: `u-${randomUUID()}`, name: 'Someone', roles: roles as never, dept: 'approval' }, SECRET)}`;

/**
 * The queue dashboard against real Redis, mounted as the gateway mounts it (the gateway's QueueClient holds no
 * QUEUE_KEY). It reads and retries failed jobs; every other action (add, edit, promote, clean, remove, pause,
 * empty, obliterate), through any spelling of its path, answers 405 and changes nothing in Redis.
 */
describe('queue dashboard (Bull Board): reads and retries only', () => {
  const prefix = `${REDIS_PREFIX}-board-${randomBytes(3).toString('hex')}`;
  const signer = new QueueSigner('queue-board-int-spec-queue-key');
  const admin = bearer(['admin']);
  let gatewayQueues: QueueClient;
  let producer: QueueClient;
  let worker: Worker;
  let fastify: FastifyInstance;
  /** The board's server, as supertest takes it (the dashboard is a Fastify plugin, mounted as the gateway mounts it). */
  let app: FastifyInstance['server'];
  /** How many times the consumer saw each job; the first attempt of a `flaky` job fails for good. */
  const seen = new Map<string, number>();

  beforeAll(async () => {
    gatewayQueues = new QueueClient(REDIS_URL, prefix);
    producer = new QueueClient(REDIS_URL, prefix, 1000, signer);
    worker = startConsumer({
      queue: Queues.Intake,
      signer,
      redis: REDIS_URL,
      prefix,
      handlers: [
        {
          job: Jobs.CaseStatusChanged,
          handle: async (p, meta) => {
            const n = (seen.get(meta.messageId) ?? 0) + 1;
            seen.set(meta.messageId, n);
            if (p.applicationId === 'flaky' && n === 1) throw new UnrecoverableError('downstream refused it');
          },
        },
      ],
    });
    fastify = Fastify();
    await fastify.register(queueBoard(gatewayQueues, new TokenVerifier({ JWT_SECRET: SECRET } as never)), { prefix: QUEUE_BOARD_PATH });
    await fastify.ready();
    app = fastify.server;
  });
  afterAll(async () => {
    await fastify?.close();
    await worker?.close();
    for (const q of QUEUE_NAMES) await producer.queue(q).obliterate({ force: true });
    await producer?.close();
    await gatewayQueues?.close();
  });

  const payload = (applicationId: string) => ({ applicationId, correlationId: randomUUID(), status: 'in_review', at: new Date().toISOString() });

  async function settled(id: string, attempts: number): Promise<string> {
    const until = Date.now() + 20_000;
    for (;;) {
      const job = await producer.queue(Queues.Intake).getJob(id);
      const state = await job?.getState();
      if (job && job.attemptsMade >= attempts && (state === 'completed' || state === 'failed')) return state;
      if (Date.now() > until) throw new Error(`job ${id}: ${state} after ${job?.attemptsMade} attempts`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** What an action could have changed: every queue's counts, whether a queue is paused, a job's data and state. */
  async function snapshot(id: string) {
    const q = gatewayQueues.queue(Queues.Intake);
    const job = await q.getJob(id);
    return {
      counts: await Promise.all(QUEUE_NAMES.map((n) => gatewayQueues.queue(n).getJobCounts())),
      paused: await q.isPaused(),
      job: job && { data: job.data, state: await job.getState(), delay: job.opts.delay, priority: job.opts.priority },
    };
  }

  it('is read-only in Bull Board itself (no action shown or served) and lists every queue', async () => {
    const res = await request(app).get(`${QUEUE_BOARD_PATH}/api/queues`).set('Authorization', admin).expect(200);
    const queues = res.body.queues as { name: string; readOnlyMode: boolean; allowRetries: boolean }[];
    expect(queues.map((q) => q.name).sort()).toEqual([...QUEUE_NAMES].sort());
    expect(queues.every((q) => q.readOnlyMode)).toBe(true);
  });

  it('refuses to add, edit, promote, clean, remove, pause, empty or obliterate, however the path is spelt, and changes nothing', async () => {
    const failedJob = await producer.queue(Queues.Intake).add(Jobs.CaseStatusChanged.name, payload('flaky'), { jobId: randomUUID() });
    expect(await settled(failedJob.id!, 1)).toBe('failed');
    const delayed = await producer.queue(Queues.Intake).add(Jobs.CaseStatusChanged.name, payload('later'), { jobId: randomUUID(), delay: 3_600_000 });
    const before = await snapshot(delayed.id!);
    const failedBefore = await snapshot(failedJob.id!);
    const body = { name: Jobs.CaseStatusChanged.name, data: { ...payload('forged'), status: 'approved', decisionNo: 'FORGED-1' } };
    const attempts: [string, string][] = [
      ['post', '/api/queues/intake/add'],
      ['post', '/API/Queues/intake/add'],
      ['post', '/api/queues/intake/add/'],
      ['post', '/api/queues/intake//add'],
      ['patch', `/api/queues/intake/${delayed.id}/update-data`],
      ['patch', `/api/queues/intake/${delayed.id}/delay`],
      ['patch', `/api/queues/intake/${delayed.id}/priority`],
      ['put', `/api/queues/intake/${delayed.id}/promote`],
      ['put', `/api/queues/intake/${failedJob.id}/clean`],
      ['put', `/api/queues/intake/${delayed.id}/remove-unprocessed-children`],
      ['put', '/api/queues/intake/promote'],
      ['put', '/api/queues/intake/retry/failed'],
      ['put', '/api/queues/intake/clean/failed'],
      ['put', '/api/queues/intake/clean/delayed'],
      ['put', '/api/queues/intake/pause'],
      ['put', '/api/queues/pause'],
      ['put', '/api/queues/intake/empty'],
      ['put', '/api/queues/intake/obliterate'],
      ['put', '/api/queues/intake/concurrency'],
      ['put', '/api/queues/intake/rate-limit'],
      ['delete', `/api/queues/intake/${delayed.id}`],
    ];
    for (const [method, path] of attempts) {
      const res = await request(app)[method as 'post'](`${QUEUE_BOARD_PATH}${path}`).set('Authorization', admin).send(body);
      expect({ method, path, status: res.status, code: res.body.code }).toEqual({ method, path, status: 405, code: 'METHOD_NOT_ALLOWED' });
    }
    expect(await snapshot(delayed.id!)).toEqual(before);
    expect(await snapshot(failedJob.id!)).toEqual(failedBefore);
  });

  it('retries a failed job for an admin; the retried job still verifies and runs', async () => {
    const job = await producer.queue(Queues.Intake).add(Jobs.CaseStatusChanged.name, payload('flaky'), { jobId: randomUUID() });
    expect(await settled(job.id!, 1)).toBe('failed');
    await request(app)
      .put(`${QUEUE_BOARD_PATH}/api/queues/intake/${job.id}/retry`)
      .set('Authorization', bearer(['officer']))
      .expect(403);
    await request(app).put(`${QUEUE_BOARD_PATH}/api/queues/intake/${job.id}/retry`).expect(401);
    await request(app).put(`${QUEUE_BOARD_PATH}/api/queues/intake/${job.id}/retry`).set('Authorization', admin).expect(204);
    expect(await settled(job.id!, 2)).toBe('completed');
    expect(seen.get(job.id!)).toBe(2);
    // a completed job is not run again; an unknown queue or job is not found
    const again = await request(app).put(`${QUEUE_BOARD_PATH}/api/queues/intake/${job.id}/retry`).set('Authorization', admin).expect(409);
    expect(again.body.code).toBe('CONFLICT');
    await request(app).put(`${QUEUE_BOARD_PATH}/api/queues/no-such-queue/${job.id}/retry`).set('Authorization', admin).expect(404);
    await request(app).put(`${QUEUE_BOARD_PATH}/api/queues/intake/no-such-job/retry`).set('Authorization', admin).expect(404);
    expect(seen.get(job.id!)).toBe(2);
  });

  it("cannot add a job through the gateway's queues at all: it holds no QUEUE_KEY", async () => {
    await expect(gatewayQueues.queue(Queues.Intake).add(Jobs.CaseStatusChanged.name, payload('x'), { jobId: randomUUID() })).rejects.toThrow(
      /holds no QUEUE_KEY/,
    );
    await expect(gatewayQueues.queue(Queues.Intake).addBulk([{ name: Jobs.CaseStatusChanged.name, data: payload('x') }])).rejects.toThrow(/holds no QUEUE_KEY/);
    expect((await gatewayQueues.queue(Queues.Intake).getJobCounts('waiting')).waiting).toBe(0);
  });
});
