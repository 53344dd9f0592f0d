import { JobsOptions, Queue } from 'bullmq';
import IORedis, { RedisOptions } from 'ioredis';
import type { RedisTarget } from '@permits/config';
import { QueueName } from '@permits/contracts/jobs';
import { CAPPED_EXPONENTIAL } from './backoff';

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

/** Producer side: one Queue object per name, sharing one connection, under this deployment's key prefix. */
export class QueueClient {
  private readonly queues = new Map<QueueName, Queue>();
  readonly connection: IORedis;

  constructor(
    target: RedisTarget,
    readonly prefix: string,
    private readonly retryBaseMs = 1000,
  ) {
    this.connection = redisConnection(target);
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions: jobOptionsFor(name, this.retryBaseMs) });
      this.queues.set(name, q);
    }
    return q;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }
}
