import { BulkJobOptions, Job, JobsOptions, Queue, QueueOptions } from 'bullmq';
import IORedis, { RedisOptions } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { RedisTarget } from '@permits/config';
import { QueueName } from '@permits/contracts/jobs';
import { CAPPED_EXPONENTIAL } from './backoff';
import { QueueSigner } from './signature';

/**
 * Retried until its time budget is spent (RETRY_BUDGET_SECONDS, checked by the consumer), so the attempt count
 * is no limit; failures are kept as dead letters for inspection.
 */
export const UNLIMITED_ATTEMPTS = 1_000_000;

/** Job options every message gets: retried with capped exponential backoff and jitter; dead letters kept. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: UNLIMITED_ATTEMPTS,
  backoff: { type: CAPPED_EXPONENTIAL, delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: false,
};

export function jobOptionsFor(_name: QueueName, retryBaseMs = 1000): JobsOptions {
  return { ...DEFAULT_JOB_OPTIONS, backoff: { type: CAPPED_EXPONENTIAL, delay: retryBaseMs } };
}

/** A connection to REDIS_URL, or to the master the sentinels name (config.redisTarget()). */
export function redisConnection(target: RedisTarget, extra: RedisOptions = {}): IORedis {
  // BullMQ workers need maxRetriesPerRequest: null (they block on Redis).
  const options: RedisOptions = { maxRetriesPerRequest: null, lazyConnect: false, ...extra };
  return typeof target === 'string' ? new IORedis(target, options) : new IORedis({ ...target, ...options });
}

/**
 * A queue whose every added job is signed (QueueSigner.seal over the queue, the job's name, its id and its data):
 * a job gets an id here when the caller gave none, since the id is signed too. Without a signer (the gateway,
 * which only reads, counts and retries) adding refuses: a job nobody signed would only become a dead letter.
 * A retry keeps the job's data, id and name, so a retried job still verifies.
 */
export class SignedQueue extends Queue {
  constructor(
    name: string,
    opts: QueueOptions,
    private readonly signer?: QueueSigner,
  ) {
    super(name, opts);
  }

  private sealed(name: string, data: unknown, opts: JobsOptions | BulkJobOptions | undefined): { data: Record<string, unknown>; opts: JobsOptions } {
    if (!this.signer) throw new Error(`this process holds no QUEUE_KEY: it cannot add ${name} to ${this.name}`);
    const jobId = opts?.jobId ?? randomUUID();
    return { data: this.signer.seal(this.name, name, jobId, data), opts: { ...opts, jobId } };
  }

  protected override async addJob(name: string, data: unknown, opts?: JobsOptions): Promise<Job> {
    const s = this.sealed(name, data, opts);
    return super.addJob(name, s.data, s.opts);
  }

  override async addBulk(jobs: { name: string; data: unknown; opts?: BulkJobOptions }[]): Promise<Job[]> {
    return super.addBulk(
      jobs.map((j) => {
        const s = this.sealed(j.name, j.data, j.opts);
        return { name: j.name, data: s.data, opts: s.opts };
      }),
    );
  }
}

/**
 * Producer side: one Queue object per name, sharing one connection, under this deployment's key prefix. Every
 * job added through it is signed with `signer` (QUEUE_KEY); without one it reads and retries only.
 */
export class QueueClient {
  private readonly queues = new Map<QueueName, SignedQueue>();
  readonly connection: IORedis;

  constructor(
    target: RedisTarget,
    readonly prefix: string,
    private readonly retryBaseMs = 1000,
    private readonly signer?: QueueSigner,
  ) {
    this.connection = redisConnection(target);
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new SignedQueue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions: jobOptionsFor(name, this.retryBaseMs) }, this.signer);
      this.queues.set(name, q);
    }
    return q;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }
}
