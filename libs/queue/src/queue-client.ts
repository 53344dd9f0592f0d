import { JobsOptions, Queue } from 'bullmq';
import IORedis, { RedisOptions } from 'ioredis';
import { QueueName } from '@permits/contracts/jobs';

/** Job options every message gets: retried with backoff; failures kept as dead letters for inspection. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: false,
};

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
      q = new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      this.queues.set(name, q);
    }
    return q;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }
}
