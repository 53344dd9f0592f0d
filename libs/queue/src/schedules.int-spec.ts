import { randomBytes } from 'node:crypto';
import { Job, Queue, Worker } from 'bullmq';
import { Jobs, Queues, ScheduleTickV1 } from '@permits/contracts/jobs';
import { REDIS_PREFIX, REDIS_URL } from '../../../test/support/env';
import type { BaseConfig } from '@permits/config';
import { JobHandler, JobMeta, startConsumer } from './consumer';
import { Consumers } from './queue.module';
import { QueueClient } from './queue-client';
import { upsertSchedulers } from './schedules';
import { BAD_SIGNATURE, QueueSigner } from './signature';

jest.setTimeout(60_000);

const queue = Queues.Intake;
const signer = new QueueSigner('schedules-int-spec-queue-key');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('scheduled work on BullMQ job schedulers (signed templates)', () => {
  let prefix: string;
  let producer: QueueClient;
  let plain: Queue;
  const workers: Worker[] = [];
  /** Every job id a handler ran, by job name. */
  let ran: Map<string, string[]>;

  const handler = (job: JobHandler<ScheduleTickV1>['job'], everyMs?: number): JobHandler<ScheduleTickV1> => ({
    job,
    everyMs,
    handle: async (_p: ScheduleTickV1, meta: JobMeta) => {
      ran.set(job.name, [...(ran.get(job.name) ?? []), meta.messageId]);
    },
  });
  const consume = (handlers: JobHandler<ScheduleTickV1>[]) => workers.push(startConsumer({ queue, handlers, redis: REDIS_URL, signer, prefix }));

  beforeEach(() => {
    prefix = `${REDIS_PREFIX}-schedules-${randomBytes(3).toString('hex')}`;
    producer = new QueueClient(REDIS_URL, prefix, 1000, signer);
    // what someone who can write Redis can do: a queue that adds and schedules without signing
    plain = new Queue(queue, { connection: producer.connection, prefix });
    ran = new Map();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.close()));
    await plain.obliterate({ force: true });
    await plain.close();
    await producer.close();
  });

  it('two worker replicas upsert one scheduler; each firing runs once, on one of them', async () => {
    const sweep = handler(Jobs.UploadSweep, 300);
    // two replicas: each starts a consumer and upserts the scheduler at start (idempotent)
    consume([sweep]);
    consume([sweep]);
    await Promise.all([upsertSchedulers(plain, signer, [sweep]), upsertSchedulers(plain, signer, [sweep])]);

    const schedulers = await plain.getJobSchedulers();
    expect(schedulers.map((s) => ({ key: s.key, name: s.name, every: s.every }))).toEqual([
      { key: Jobs.UploadSweep.name, name: Jobs.UploadSweep.name, every: 300 },
    ]);

    await until('three ticks', async () => ((ran.get(Jobs.UploadSweep.name)?.length ?? 0) >= 3 ? true : undefined));
    await Promise.all(workers.splice(0).map((w) => w.close()));
    const ids = ran.get(Jobs.UploadSweep.name)!;
    // each firing is one job, handled by one replica only: no id twice
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^repeat:schedule\.upload-sweep\.v1:\d+$/);
    // one firing per period: no two jobs for the same slot (BullMQ's id is the slot's time)
    expect(new Set(ids.map((id) => id.split(':').pop())).size).toBe(ids.length);
    expect(await plain.getFailedCount()).toBe(0);

    // everyMs 0 (the work switched off) removes the scheduler
    await upsertSchedulers(plain, signer, [handler(Jobs.UploadSweep, 0)]);
    expect(await plain.getJobSchedulers()).toEqual([]);
  });

  it('dead-letters every forged or replayed scheduled job as BAD_SIGNATURE; no handler runs', async () => {
    consume([handler(Jobs.UploadSweep), handler(Jobs.AuditAnchor.intake), handler(Jobs.TimerReconcile.intake)]);
    const sweep = Jobs.UploadSweep.name;
    const reconcile = Jobs.TimerReconcile.intake.name;
    const template = signer.sealScheduled(queue, sweep, sweep);
    const forged: { case: string; schedulerId: string; name: string; data: Record<string, unknown> }[] = [
      { case: 'unsigned', schedulerId: sweep, name: sweep, data: {} },
      { case: 'wrong signature', schedulerId: sweep, name: sweep, data: { _sig: `v1.${'00'.repeat(32)}` } },
      { case: 'signed by another key', schedulerId: sweep, name: sweep, data: new QueueSigner('another-deployment').sealScheduled(queue, sweep, sweep) },
      { case: 'a valid template under another name', schedulerId: sweep, name: Jobs.AuditAnchor.intake.name, data: template },
      { case: "another queue's template", schedulerId: reconcile, name: reconcile, data: signer.sealScheduled(Queues.EiaReview, reconcile, reconcile) },
      { case: 'a valid template under another scheduler id', schedulerId: `${sweep}-b`, name: sweep, data: template },
      { case: 'a valid template with a fact added', schedulerId: sweep, name: sweep, data: { ...template, applicationId: 'APP-1' } },
      { case: "an ordinary job's signature", schedulerId: sweep, name: sweep, data: signer.seal(queue, sweep, `repeat:${sweep}:1`, {}) },
    ];
    for (const f of forged) {
      await plain.upsertJobScheduler(f.schedulerId, { every: 60_000 }, { name: f.name, data: f.data });
      const job = await until(f.case, async () => (await plain.getFailed()).find((j) => j.repeatJobKey === f.schedulerId && j.name === f.name));
      expect({ case: f.case, reason: job.failedReason }).toEqual({ case: f.case, reason: expect.stringMatching(new RegExp(`^${BAD_SIGNATURE}:`)) });
      expect(job.attemptsMade).toBe(1);
      await plain.removeJobScheduler(f.schedulerId);
      await plain.clean(0, 1000, 'failed');
    }
    // a valid template as an ordinary job (no scheduler), under an ordinary id or one that looks like a scheduler's
    for (const jobId of ['ordinary-id', `repeat:${sweep}:1700000000000`]) {
      await plain.add(sweep, template, { jobId });
      await until(jobId, async () => ((await (await Job.fromId(plain, jobId))?.isFailed()) ? true : undefined));
      const job = (await Job.fromId(plain, jobId))!; // read once failed: the copy read before may predate its failure
      expect(job.failedReason).toMatch(new RegExp(`^${BAD_SIGNATURE}:`));
    }
    expect(ran).toEqual(new Map());
  });

  it('runs a genuine tick whose template was signed with the previous key during a rotation', async () => {
    const rotated = new QueueSigner('new-key', 'schedules-int-spec-queue-key');
    workers.push(startConsumer({ queue, handlers: [handler(Jobs.UploadSweep)], redis: REDIS_URL, signer: rotated, prefix }));
    await upsertSchedulers(plain, signer, [handler(Jobs.UploadSweep, 60_000)]);
    await until('a tick', async () => (ran.get(Jobs.UploadSweep.name)?.length ? true : undefined));
    expect(await plain.getFailedCount()).toBe(0);
  });

  it('a worker upserts its schedulers at start, and again when Redis lost its data', async () => {
    const config = {
      NODE_ENV: 'test',
      QUEUE_KEY: 'schedules-int-spec-queue-key',
      REDIS_PREFIX: prefix,
      redisTarget: () => REDIS_URL,
      RETRY_CAP_MS: 1000,
      RETRY_BUDGET_SECONDS: 60,
    } as unknown as BaseConfig;
    const consumers = new Consumers(config);
    try {
      consumers.start(queue, [handler(Jobs.UploadSweep, 60_000), handler(Jobs.AuditAnchor.intake)]);
      await until('the scheduler', async () => ((await plain.getJobSchedulers()).length > 0 ? true : undefined));
      expect((await plain.getJobSchedulers()).map((s) => s.key)).toEqual([Jobs.UploadSweep.name]);
      // Redis loses every key of the deployment (a restart without persistence, a flush)
      const keys = await producer.connection.keys(`${prefix}:*`);
      if (keys.length) await producer.connection.del(...keys);
      const lostAt = Date.now();
      expect(await plain.getJobSchedulers()).toEqual([]);
      consumers.reschedule(); // what the relay does when it finds its epoch key gone
      await until('the scheduler again', async () => ((await plain.getJobSchedulers()).length > 0 ? true : undefined));
      // a firing of the restored scheduler: its slot (the id's time) after the loss
      await until('a tick after the loss', async () =>
        (ran.get(Jobs.UploadSweep.name) ?? []).some((id) => Number(id.split(':').pop()) >= lostAt) ? true : undefined,
      );
    } finally {
      await consumers.close();
    }
  });
});
