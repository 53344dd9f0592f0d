import { Job, UnrecoverableError, Worker } from 'bullmq';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { RedisTarget } from '@permits/config';
import { JobDef, QueueName, ScheduleTickV1 } from '@permits/contracts/jobs';
import { backoffStrategyCapped, BACKOFF_CAP_MS, budgetSpent } from './backoff';
import { redisConnection } from './queue-client';
import { BAD_SIGNATURE, QueueSigner } from './signature';
import { workerMetrics } from './worker-metrics';

export interface JobMeta {
  /** BullMQ job id = the outbox row id: the message's identity for the consumer's inbox. */
  messageId: string;
  jobName: string;
  attemptsMade: number;
  /** The message's time budget is spent: a failure of this attempt makes it a dead letter. */
  lastChance: boolean;
}

export interface JobHandler<P extends object> {
  job: JobDef<P>;
  handle(payload: P, meta: JobMeta): Promise<void>;
  /**
   * A scheduled job's handler (a ScheduleTickV1 job): how often, in ms, the queue's job scheduler (id = the job's
   * name) makes one; the worker upserts it at start, and removes it when this is 0. The handler re-reads
   * PostgreSQL and is idempotent: an extra tick costs a run, nothing more.
   */
  everyMs?: number;
}

export interface ConsumerOptions {
  queue: QueueName;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers of different payload types in one list; each validates its own
  handlers: JobHandler<any>[];
  /** REDIS_URL, or the Sentinel-found master (config.redisTarget()). */
  redis: RedisTarget;
  /** Checks every job's signature (QUEUE_KEY) before anything else. */
  signer: QueueSigner;
  prefix: string;
  concurrency?: number;
  lockDuration?: number;
  /** Longest wait between two attempts (RETRY_CAP_MS). */
  retryCapMs?: number;
  /** How long a failing message is retried, from when it was written, before it becomes a dead letter. */
  retryBudgetMs?: number;
  onFailed?: (job: Job | undefined, err: Error) => void;
  onCompleted?: (job: Job) => void;
}

/** Checks at start-up that every job a worker consumes has exactly one handler on that queue. */
export function handlerTable(queue: QueueName, handlers: JobHandler<object>[]): Map<string, JobHandler<object>> {
  const table = new Map<string, JobHandler<object>>();
  for (const h of handlers) {
    if (h.job.queue !== queue) throw new Error(`handler for ${h.job.name} is for queue ${h.job.queue}, not ${queue}`);
    if (table.has(h.job.name)) throw new Error(`two handlers for ${h.job.name} on queue ${queue}`);
    table.set(h.job.name, h);
  }
  return table;
}

/**
 * The payload of a job some process of this deployment signed for this queue, name and id; any other job (added
 * straight into Redis, altered there, moved from another queue or re-added under another id) fails at once as a
 * dead letter with code BAD_SIGNATURE, before validation, the inbox or any handler sees it.
 */
export function verifiedPayload(signer: QueueSigner, queue: QueueName, job: Pick<Job, 'id' | 'name' | 'data' | 'repeatJobKey'>): Record<string, unknown> {
  const payload = isScheduled(job) ? scheduledPayload(signer, queue, job) : signer.open(queue, job.name, job.id, job.data);
  if (!payload)
    throw new UnrecoverableError(`${BAD_SIGNATURE}: ${job.name} job ${job.id ?? '(no id)'} on ${queue} carries no valid signature; refused, nothing done`);
  return payload;
}

/** A job a job scheduler made (or one that claims to be): BullMQ gives it the scheduler's id and an id `repeat:…`. */
function isScheduled(job: Pick<Job, 'id' | 'repeatJobKey'>): boolean {
  return job.repeatJobKey !== undefined || (job.id?.startsWith('repeat:') ?? false);
}

/**
 * A scheduler's job: its id is `repeat:<scheduler id>:<millis>` of the scheduler it names, and its data the template
 * this deployment signed for that queue, name and scheduler, with no facts. Someone who can write Redis can copy a
 * template into a job of the same name on the same queue: that only runs the scheduled work once more.
 */
function scheduledPayload(signer: QueueSigner, queue: QueueName, job: Pick<Job, 'id' | 'name' | 'data' | 'repeatJobKey'>): Record<string, unknown> | undefined {
  const key = job.repeatJobKey;
  if (!key || !job.id || !job.id.startsWith(`repeat:${key}:`) || !/^\d+$/.test(job.id.slice(`repeat:${key}:`.length))) return undefined;
  return signer.openScheduled(queue, job.name, key, job.data);
}

/** Validates a payload; a payload no retry can fix fails at once (UnrecoverableError). */
export function validatePayload<P extends object>(def: JobDef<P>, data: unknown): P {
  // a tick carries no facts (and its class no decorators, which class-validator refuses as an unknown value)
  if ((def.payload as unknown) === ScheduleTickV1) {
    if (data === null || typeof data !== 'object' || Object.keys(data).length > 0)
      throw new UnrecoverableError(`invalid ${def.name} payload: a scheduled tick carries no facts`);
    return new def.payload();
  }
  const payload = plainToInstance(def.payload, data);
  const errors = validateSync(payload as object, { whitelist: true, forbidNonWhitelisted: false });
  if (errors.length > 0) {
    throw new UnrecoverableError(`invalid ${def.name} payload: ${errors.map((e) => e.property).join(', ')}`);
  }
  return payload;
}

export function startConsumer(opts: ConsumerOptions): Worker {
  const table = handlerTable(opts.queue, opts.handlers);
  const budgetMs = opts.retryBudgetMs ?? 24 * 3_600_000;
  const connection = redisConnection(opts.redis);
  const worker = new Worker(
    opts.queue,
    async (job: Job) => {
      const end = workerMetrics.jobDuration.startTimer({ queue: opts.queue, job: job.name });
      try {
        const data = verifiedPayload(opts.signer, opts.queue, job);
        const handler = table.get(job.name);
        if (!handler) throw new UnrecoverableError(`no handler for ${job.name} on ${opts.queue}`);
        const payload = validatePayload(handler.job, data);
        try {
          const lastChance = budgetSpent(job.timestamp, Date.now(), budgetMs);
          await handler.handle(payload, { messageId: job.id ?? `${job.name}:${job.timestamp}`, jobName: job.name, attemptsMade: job.attemptsMade, lastChance });
        } catch (err) {
          // an outage (database, downstream) is waited out; only a spent time budget makes a dead letter
          if (!(err instanceof UnrecoverableError) && budgetSpent(job.timestamp, Date.now(), budgetMs)) {
            throw new UnrecoverableError(
              `gave up after ${Math.round(budgetMs / 1000)} s of failures (attempt ${job.attemptsMade + 1}): ${(err as Error).message}`,
            );
          }
          throw err;
        }
        end({ outcome: 'completed' });
      } catch (err) {
        end({ outcome: 'failed' });
        throw err;
      }
    },
    {
      connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency ?? 8,
      autorun: true,
      settings: { backoffStrategy: backoffStrategyCapped(opts.retryCapMs ?? BACKOFF_CAP_MS) },
      ...(opts.lockDuration ? { lockDuration: opts.lockDuration, stalledInterval: Math.max(1000, Math.floor(opts.lockDuration / 2)) } : {}),
    },
  );
  worker.on('failed', (job, err) => {
    const final = err instanceof UnrecoverableError || err.name === 'UnrecoverableError' || !job || job.attemptsMade >= (job.opts.attempts ?? 1);
    workerMetrics.jobFailures.inc({ queue: opts.queue, job: job?.name ?? 'unknown', final: String(final) });
  });
  // BullMQ leaves a connection it was given open
  worker.on('closed', () => connection.disconnect());
  if (opts.onFailed) worker.on('failed', opts.onFailed);
  if (opts.onCompleted) worker.on('completed', opts.onCompleted);
  return worker;
}
