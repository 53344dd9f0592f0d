// The task index (issue 26 lever 3): each case service's task changes arrive on queue task-index (a trigger writes the
// outbox row in the transaction of the change; the relay signs and publishes it); this process applies them to its own
// schema task_index and answers the open inbox from it with one query, instead of asking the four case services.
import { Controller, Get, Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit, Provider, Query, Req, Res, Type } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type { Worker } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { Clock, createClock } from '@permits/clock';
import { GatewayConfig } from '@permits/config';
import { safeErrorMessage } from '@permits/core';
import { RETRY_AFTER_SECONDS } from '@permits/http';
import { Jobs, Queues, TaskIndexChangedV1 } from '@permits/contracts/jobs';
import { JobHandler, QueueSigner, redisConnection, startConsumer } from '@permits/queue';
import { BundledCalendar } from '@permits/workflow-runtime/calendar.source';
import { taskOrder } from '@permits/workflow-runtime/casework.queries';
import { TaskListQuery } from '@permits/workflow-runtime/dto';
import { Composer } from '../compose';
import { taskIndexDataSourceOptions } from './data-source';
import { TaskInboxQueries } from './inbox.queries';
import { applyTaskChange, incompleteOpen } from './projector';

export const TASK_INDEX_DB = Symbol('TASK_INDEX_DB');

/** Consumes queue task-index into the index: signature checked, payload validated, applied once, newest version kept. */
@Injectable()
export class TaskIndexProjector implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('TaskIndex');
  private worker?: Worker;

  constructor(
    @Inject(TASK_INDEX_DB) private readonly db: DataSource,
    private readonly config: GatewayConfig,
  ) {}

  readonly handler: JobHandler<TaskIndexChangedV1> = {
    job: Jobs.TaskIndexChanged,
    handle: async (change, meta) => {
      const incomplete = incompleteOpen(change);
      if (incomplete) throw new UnrecoverableError(`invalid ${Jobs.TaskIndexChanged.name} payload: ${incomplete}`);
      await applyTaskChange(this.db, change, meta.messageId);
    },
  };

  onModuleInit(): void {
    this.worker = startConsumer({
      queue: Queues.TaskIndex,
      handlers: [this.handler],
      redis: this.config.redisTarget(),
      signer: QueueSigner.fromConfig(this.config),
      prefix: this.config.REDIS_PREFIX,
      concurrency: 8,
      onFailed: (job, err) => this.logger.warn({ job: job?.id, err: safeErrorMessage(err) }, 'task index change not applied'),
    });
    this.worker.on('error', (err) => this.logger.warn({ err: safeErrorMessage(err) }, 'task index consumer error'));
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    if (this.db.isInitialized) await this.db.destroy();
  }
}

/**
 * GET /api/v1/tasks in the gateway when the index is on: the open inbox from the index (the same DTO, roles, rule and
 * answer as the case services'); the completed list (已办) is still asked of the services that hold it.
 */
@ApiExcludeController()
@Controller('api/v1/tasks')
export class TaskInboxController {
  constructor(
    private readonly queries: TaskInboxQueries,
    private readonly composer: Composer,
  ) {}

  @Get()
  @Roles('officer', 'head', 'admin')
  async inbox(@CurrentUser() user: AuthUser, @Query() q: TaskListQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const status = q.status ?? 'open';
    taskOrder(status, q.sort); // the same 400 as the services' for sort=completedAt without status=completed
    if (status === 'open') return this.queries.open(user, { ...q, limit: q.limit ?? 50 });
    const answer = await this.composer.tasks(req);
    if (answer.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(answer.status);
    return answer.body;
  }
}

/** The controllers and providers the gateway adds when TASK_INDEX_DATABASE_URL is set; none otherwise. */
export function taskIndexParts(config: GatewayConfig): { controllers: Type[]; providers: Provider[] } {
  const url = config.TASK_INDEX_DATABASE_URL;
  if (!url) return { controllers: [], providers: [] };
  return {
    controllers: [TaskInboxController],
    providers: [
      {
        provide: TASK_INDEX_DB,
        useFactory: async () => new DataSource(taskIndexDataSourceOptions(url, Math.min(config.DATABASE_POOL_SIZE, 10))).initialize(),
      },
      {
        provide: TaskInboxQueries,
        useFactory: (db: DataSource) => {
          // the manual clock of development and tests lives in Redis; the system clock needs none
          const clock: Clock = createClock(config, redisConnection(config.redisTarget(), { lazyConnect: true, maxRetriesPerRequest: 3 }));
          // the bundled State Council schedules (the administrator-loaded years live in each case service's schema)
          return new TaskInboxQueries(db, clock, new BundledCalendar());
        },
        inject: [TASK_INDEX_DB],
      },
      TaskIndexProjector,
    ],
  };
}
