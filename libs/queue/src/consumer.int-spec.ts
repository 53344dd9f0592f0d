import { randomBytes, randomUUID } from 'node:crypto';
import { Job, Worker } from 'bullmq';
import { CaseStatusChangedV1, Jobs, Queues } from '@permits/contracts/jobs';
import { REDIS_PREFIX, REDIS_URL } from '../../../test/support/env';
import { BACKOFF_CAP_MS, CAPPED_EXPONENTIAL } from './backoff';
import { JobHandler, startConsumer } from './consumer';
import { QueueClient } from './queue-client';
import { QueueSigner } from './signature';

jest.setTimeout(60_000);

/**
 * Time compressed 200×, honestly: every setting a consumer has (first wait, cap, budget) and the outage are
 * divided by the same factor. 1 s → 5 ms first wait, 5 min → 1.5 s cap, 24 h → 432 s budget, and a
 * 15-minute database outage → 4.5 s. Under the old rule (8 attempts from 1 s, here 8 from 5 ms: 1.3 s in
 * all) the message would be a dead letter long before the outage ends.
 */
const SCALE = 200;
const BASE_MS = 1000 / SCALE;
const CAP_MS = BACKOFF_CAP_MS / SCALE;
const BUDGET_MS = (24 * 3_600_000) / SCALE;
const OUTAGE_MS = (15 * 60_000) / SCALE;

describe('consumer retries (time budget, capped backoff)', () => {
  const prefix = `${REDIS_PREFIX}-consumer-${randomBytes(3).toString('hex')}`;
  const queue = Queues.Intake;
  let producer: QueueClient;
  const workers: Worker[] = [];
  const signer = new QueueSigner('consumer-int-spec-queue-key');

  beforeAll(async () => {
    producer = new QueueClient(REDIS_URL, prefix, BASE_MS, signer);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    const q = producer.queue(queue);
    await q.obliterate({ force: true });
    await producer.close();
  });

  function consume(handle: JobHandler<CaseStatusChangedV1>['handle'], budgetMs = BUDGET_MS): void {
    workers.push(
      startConsumer({
        queue,
        handlers: [{ job: Jobs.CaseStatusChanged, handle }],
        redis: REDIS_URL,
        signer,
        prefix,
        retryCapMs: CAP_MS,
        retryBudgetMs: budgetMs,
      }),
    );
  }

  /** Waits until the job completed or failed for good (a job being retried carries its last error too). */
  async function settle(id: string): Promise<Job> {
    const until = Date.now() + 50_000;
    for (;;) {
      const job = await producer.queue(queue).getJob(id);
      const state = await job?.getState();
      if (job && (state === 'completed' || state === 'failed' || Date.now() > until)) return (await producer.queue(queue).getJob(id))!;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const payload = (applicationId: string) => ({ applicationId, correlationId: randomUUID(), status: 'in_review', at: new Date().toISOString() });

  it('does not dead-letter a message through a 15-minute-equivalent outage: it is handled once the outage ends', async () => {
    const applicationId = `outage-${randomUUID()}`;
    const outageEnds = Date.now() + OUTAGE_MS;
    let attempts = 0;
    let handled = 0;
    consume(async (p) => {
      if (p.applicationId !== applicationId) return;
      attempts++;
      if (Date.now() < outageEnds) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      handled++;
    });
    const id = randomUUID();
    await producer.queue(queue).add(Jobs.CaseStatusChanged.name, payload(applicationId), { jobId: id });
    const job = await settle(id);
    expect(await job.getState()).toBe('completed');
    expect(handled).toBe(1);
    expect(attempts).toBeGreaterThan(8); // more tries than the old limit allowed
    expect(job.opts.backoff).toEqual({ type: CAPPED_EXPONENTIAL, delay: BASE_MS });
    // it came back within one cap (plus the poll) after the outage ended
    expect(job.finishedOn! - outageEnds).toBeLessThanOrEqual(CAP_MS + 1000);
  });

  it('dead-letters a poison message (its payload fails validation) at its first attempt', async () => {
    const id = randomUUID();
    await producer.queue(queue).add(Jobs.CaseStatusChanged.name, { applicationId: 'x', status: 'no-such-status' }, { jobId: id });
    const job = await settle(id);
    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toMatch(/invalid case.status-changed.v1 payload/);
    expect(job.attemptsMade).toBe(1);
  });

  it('dead-letters a message that keeps failing once its time budget is spent', async () => {
    const applicationId = `budget-${randomUUID()}`;
    const otherPrefix = `${prefix}-b`;
    const q = new QueueClient(REDIS_URL, otherPrefix, BASE_MS, signer);
    const w = startConsumer({
      queue,
      handlers: [{ job: Jobs.CaseStatusChanged, handle: async () => Promise.reject(new Error('downstream 503')) }],
      redis: REDIS_URL,
      signer,
      prefix: otherPrefix,
      retryCapMs: 100,
      retryBudgetMs: 1000,
    });
    try {
      const id = randomUUID();
      await q.queue(queue).add(Jobs.CaseStatusChanged.name, payload(applicationId), { jobId: id });
      let job: Job | undefined;
      const until = Date.now() + 30_000;
      for (;;) {
        job = await q.queue(queue).getJob(id);
        if ((job && (await job.isFailed())) || Date.now() > until) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(job!.failedReason).toMatch(/gave up after 1 s of failures .*downstream 503/);
      expect(job!.attemptsMade).toBeGreaterThan(1);
    } finally {
      await w.close();
      await q.queue(queue).obliterate({ force: true });
      await q.close();
    }
  });
});
