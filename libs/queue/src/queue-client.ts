import { JobsOptions, Queue } from 'bullmq';
import IORedis, { RedisOptions } from 'ioredis';
import { QueueName, Queues } from '@permits/contracts/jobs';
import { CAPPED_EXPONENTIAL } from './backoff';

/** Job options every message gets: retried with backoff; failures kept as dead letters for inspection. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: false,
};

/**
 * Queues whose jobs retry by other rules (merged over DEFAULT_JOB_OPTIONS). Pushes to the national EIA system
 * retry until it answers 2xx: 1 s, 2 s, 4 s, … at most 5 minutes apart (see backoff.ts), about a week in all,
 * then stay as dead letters (removeOnFail: false) for someone to retry by hand.
 */
export const QUEUE_JOB_OPTIONS: Partial<Record<QueueName, JobsOptions>> = {
  [Queues.NationalEia]: { attempts: 2_000, backoff: { type: CAPPED_EXPONENTIAL, delay: 1000 } },
};

export function jobOptionsFor(name: QueueName): JobsOptions {
  return { ...DEFAULT_JOB_OPTIONS, ...QUEUE_JOB_OPTIONS[name] };
}

export function redisConnection(url: string, extra: RedisOptions = {}): IORedis {
  // BullMQ workers need maxRetriesPerRequest: null (they block on Redis).
  return new IORedis(url, { maxRetriesPerRequest: null, lazyConnect: false, ...extra });
}

/** Producer side: one Queue object per name, sharing one connection, under this deployment's key prefix. */
export class QueueClient {
  private readonly queues = new Map<QueueName, Queue>();
  readonly connection: IORedis;

  constructor(
    url: string,
    readonly prefix: string,
  ) {
    this.connection = redisConnection(url);
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions: jobOptionsFor(name) });
      this.queues.set(name, q);
    }
    return q;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }
}
