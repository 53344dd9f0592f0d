import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown, Provider, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue, type Worker } from 'bullmq';
import type IORedis from 'ioredis';
import { BaseConfig } from '@permits/config';
import { QueueName, Queues } from '@permits/contracts/jobs';
import { JobHandler, startConsumer } from './consumer';
import { QueueClient, redisConnection } from './queue-client';
import { upsertSchedulers } from './schedules';
import { BAD_SIGNATURE, QueueSigner } from './signature';
import { safeErrorMessage } from '@permits/core';

export const REDIS = Symbol('REDIS');

/** A process's Redis: the producer side of the queues and a plain connection (health, clock). */
@Global()
@Module({})
export class QueueModule {
  static forRoot(config: BaseConfig): DynamicModule {
    return {
      module: QueueModule,
      providers: [
        // every job this process adds is signed with QUEUE_KEY; a process without the key (an HTTP process: it only
        // writes outbox rows) gets a client that cannot add
        { provide: QueueClient, useFactory: () => new QueueClient(config.redisTarget(), config.REDIS_PREFIX, config.RETRY_BASE_MS, signerOf(config)) },
        { provide: REDIS, useFactory: () => redisConnection(config.redisTarget()) },
        RedisCloser,
      ],
      exports: [QueueClient, REDIS],
    };
  }
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(
    private readonly queues: QueueClient,
    @Inject(REDIS) private readonly redis: IORedis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queues.close();
    this.redis.disconnect();
  }
}

/**
 * Runs a worker process's consumers; on shutdown waits for the jobs in hand to finish (BullMQ hands
 * unfinished ones back when the lock lapses, so a killed worker loses nothing).
 */
export class Consumers {
  private readonly logger = new Logger('Consumers');
  private readonly workers: Worker[] = [];
  private readonly signer: QueueSigner;
  /** The job schedulers being put in place (not awaited at start: Redis may come later) and their connections. */
  private readonly scheduling: Promise<void>[] = [];
  private readonly schedulingConnections = new Set<IORedis>();
  private readonly scheduled: { queue: QueueName; handlers: JobHandler<object>[] }[] = [];
  private closed = false;

  constructor(private readonly config: BaseConfig) {
    const signer = signerOf(config);
    if (!signer) throw new Error('a process that consumes jobs needs QUEUE_KEY (its config class lacks WithQueueKey)');
    this.signer = signer;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers of different payload types in one list; each validates its own
  start(queue: QueueName, handlers: JobHandler<any>[], concurrency = 8): Worker {
    const worker = startConsumer({
      queue,
      handlers,
      redis: this.config.redisTarget(),
      signer: this.signer,
      prefix: this.config.REDIS_PREFIX,
      concurrency,
      lockDuration: this.config.QUEUE_LOCK_MS,
      retryCapMs: this.config.RETRY_CAP_MS,
      // pushes to the national EIA system keep trying for as long as messages are kept (about a week)
      retryBudgetMs: (queue === Queues.NationalEia ? this.config.MESSAGE_RETENTION_HOURS * 3600 : this.config.RETRY_BUDGET_SECONDS) * 1000,
      // the correlation id that came with the HTTP request follows the message into the worker's logs
      onFailed: (job, err) => {
        const fields = { err: safeErrorMessage(err), queue, job: job?.name, id: job?.id, attempts: job?.attemptsMade, correlationId: job?.data?.correlationId };
        // someone put or altered a job in Redis: an operator should hear of it, not find it among retries
        const refused = err.message.startsWith(`${BAD_SIGNATURE}:`);
        if (refused) this.logger.error(fields, 'job refused: no valid signature (BAD_SIGNATURE); nothing done');
        else this.logger.warn(fields, 'job failed');
      },
      onCompleted: (job) =>
        this.logger.debug(
          {
            job: job.name,
            id: job.id,
            correlationId: job.data?.correlationId,
            ms: job.finishedOn && job.processedOn ? job.finishedOn - job.processedOn : undefined,
          },
          'job done',
        ),
    });
    worker.on('error', (err) => this.logger.error({ err: safeErrorMessage(err) }, 'worker error'));
    this.workers.push(worker);
    if (handlers.some((h) => h.everyMs !== undefined)) {
      this.scheduled.push({ queue, handlers });
      this.scheduling.push(this.schedule(queue, handlers));
    }
    return worker;
  }

  /**
   * Upserts the job schedulers again: they live in Redis, so a Redis that lost its data (the relay finds its epoch
   * key gone) lost them too.
   */
  reschedule(): void {
    if (this.closed) return;
    for (const s of this.scheduled) this.scheduling.push(this.schedule(s.queue, s.handlers));
  }

  /** Upserts the queue's job schedulers (one per scheduled handler); a failure is logged, the next start retries. */
  private async schedule(queue: QueueName, handlers: JobHandler<object>[]): Promise<void> {
    const connection = redisConnection(this.config.redisTarget());
    this.schedulingConnections.add(connection);
    const q = new Queue(queue, { connection, prefix: this.config.REDIS_PREFIX });
    try {
      await upsertSchedulers(q, this.signer, handlers);
    } catch (err) {
      this.logger.error({ err: safeErrorMessage(err), queue }, 'job schedulers not upserted; scheduled work waits for the next worker start');
    } finally {
      await q.close().catch(() => undefined);
      connection.disconnect();
      this.schedulingConnections.delete(connection);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    // a stop while Redis is away does not wait for it: the next start upserts again
    for (const c of this.schedulingConnections) c.disconnect();
    await Promise.allSettled(this.scheduling);
    await Promise.all(this.workers.map((w) => w.close()));
  }
}

export interface ConsumerSpec {
  queue: QueueName;
  /** Providers of the module that implement JobHandler, one per job the queue carries. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as start() above
  handlers: Type<JobHandler<any>>[];
  concurrency?: number;
}

const CONSUMER_SPECS = Symbol('CONSUMER_SPECS');
/** The worker process's config, provided by consumersFor (the relay host reads its settings from it). */
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');

/** Starts a worker process's consumers on bootstrap and drains them on shutdown. */
@Injectable()
export class ConsumerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumers: Consumers;

  constructor(
    @Inject(WORKER_CONFIG) config: BaseConfig,
    @Inject(CONSUMER_SPECS) private readonly specs: ConsumerSpec[],
    private readonly moduleRef: ModuleRef,
  ) {
    this.consumers = new Consumers(config);
  }

  onApplicationBootstrap(): void {
    for (const s of this.specs)
      this.consumers.start(
        s.queue,
        s.handlers.map((h) => this.moduleRef.get(h, { strict: false })),
        s.concurrency,
      );
  }

  /** Upserts the job schedulers again (after Redis lost its data). */
  reschedule(): void {
    this.consumers.reschedule();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumers.close();
  }
}

/** The providers that run `specs` in a worker module: `providers: [...handlers, ...consumersFor(config, specs)]`. */
export function consumersFor(config: BaseConfig, specs: ConsumerSpec[]): Provider[] {
  return [{ provide: WORKER_CONFIG, useValue: config }, { provide: CONSUMER_SPECS, useValue: specs }, ConsumerHost];
}

/** The signer of a process that holds QUEUE_KEY (WithQueueKey), else none. */
export function signerOf(config: BaseConfig): QueueSigner | undefined {
  const c = config as BaseConfig & { QUEUE_KEY?: string; QUEUE_KEY_PREVIOUS?: string };
  return c.QUEUE_KEY ? QueueSigner.fromConfig({ NODE_ENV: c.NODE_ENV, QUEUE_KEY: c.QUEUE_KEY, QUEUE_KEY_PREVIOUS: c.QUEUE_KEY_PREVIOUS }) : undefined;
}
