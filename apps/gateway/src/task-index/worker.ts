import 'reflect-metadata';
import { Injectable, Logger, Module, OnModuleDestroy, OnModuleInit, DynamicModule } from '@nestjs/common';
import type { Worker } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { exitOnConfigError, loadConfig, TaskIndexWorkerConfig } from '@permits/config';
import { safeErrorMessage } from '@permits/core';
import { Jobs, Queues, TaskIndexChangedV1 } from '@permits/contracts/jobs';
import { workerLoggerModule } from '@permits/http';
import { bootstrapWorker, JobHandler, QueueSigner, startConsumer, WORKER_CONFIG } from '@permits/queue';
import { taskIndexDataSourceOptions } from './data-source';
import { applyTaskChanges, incompleteOpen, TaskMessage } from './projector';

/** Jobs the worker holds at once: they are applied together, a batch per transaction (group commit). */
export const TASK_INDEX_CONCURRENCY = 64;

interface Pending extends TaskMessage {
  done: (err?: unknown) => void;
}

/**
 * Group commit: the jobs that arrive while a batch is being applied wait for the next one, applied in one transaction
 * (one statement) as soon as the event loop turns. Each job completes when its batch commits and fails with it.
 */
export class TaskChangeBatcher {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(private readonly apply: (batch: TaskMessage[]) => Promise<unknown>) {}

  add(message: TaskMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ ...message, done: (err) => (err ? reject(err as Error) : resolve()) });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    try {
      await this.apply(batch);
      for (const p of batch) p.done();
    } catch (err) {
      for (const p of batch) p.done(err);
    }
  }
}

/** Consumes queue task-index into the index: signature checked, payload validated, applied once, newest version kept. */
@Injectable()
export class TaskIndexProjector implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('TaskIndex');
  private worker?: Worker;
  private readonly batcher: TaskChangeBatcher;

  constructor(
    private readonly db: DataSource,
    private readonly config: TaskIndexWorkerConfig,
  ) {
    this.batcher = new TaskChangeBatcher((batch) => applyTaskChanges(this.db, batch));
  }

  readonly handler: JobHandler<TaskIndexChangedV1> = {
    job: Jobs.TaskIndexChanged,
    handle: async (change, meta) => {
      const incomplete = incompleteOpen(change);
      if (incomplete) throw new UnrecoverableError(`invalid ${Jobs.TaskIndexChanged.name} payload: ${incomplete}`);
      await this.batcher.add({ messageId: meta.messageId, change });
    },
  };

  onModuleInit(): void {
    this.worker = startConsumer({
      queue: Queues.TaskIndex,
      handlers: [this.handler],
      redis: this.config.redisTarget(),
      signer: QueueSigner.fromConfig(this.config),
      prefix: this.config.REDIS_PREFIX,
      concurrency: TASK_INDEX_CONCURRENCY,
      lockDuration: this.config.QUEUE_LOCK_MS,
      retryCapMs: this.config.RETRY_CAP_MS,
      retryBudgetMs: this.config.RETRY_BUDGET_SECONDS * 1000,
      onFailed: (job, err) => this.logger.warn({ job: job?.id, err: safeErrorMessage(err) }, 'task index change not applied'),
    });
    this.worker.on('error', (err) => this.logger.warn({ err: safeErrorMessage(err) }, 'task index consumer error'));
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    if (this.db.isInitialized) await this.db.destroy();
  }
}

@Module({})
export class TaskIndexWorkerModule {
  static forRoot(config: TaskIndexWorkerConfig): DynamicModule {
    return {
      module: TaskIndexWorkerModule,
      imports: [workerLoggerModule('task-index-worker', config)],
      providers: [
        { provide: TaskIndexWorkerConfig, useValue: config },
        { provide: WORKER_CONFIG, useValue: config },
        {
          provide: DataSource,
          useFactory: () => new DataSource(taskIndexDataSourceOptions(config.TASK_INDEX_DATABASE_URL, Math.min(config.DATABASE_POOL_SIZE, 10))).initialize(),
        },
        TaskIndexProjector,
      ],
    };
  }
}

/** The task index worker: queue task-index → schema task_index (issue 26 lever 3). */
if (require.main === module) {
  const config = exitOnConfigError(() => loadConfig(TaskIndexWorkerConfig));
  void bootstrapWorker(TaskIndexWorkerModule.forRoot(config), { service: 'task-index-worker', port: config.TASK_INDEX_WORKER_PORT, host: config.BIND_ADDRESS });
}
