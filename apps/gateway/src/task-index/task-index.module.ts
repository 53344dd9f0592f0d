// The task index (issue 26 lever 3): each case service's task changes arrive on queue task-index (a trigger writes the
// outbox row in the transaction of the change; the relay signs and publishes it); the task index worker applies them to
// schema task_index (worker.ts), and the gateway answers the open inbox from it with one query, instead of asking the
// four case services, and feeds the task stream from its changes.
import { Provider, Type } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Clock, createClock } from '@permits/clock';
import { GatewayConfig } from '@permits/config';
import { serviceRole } from '@permits/persistence';
import { redisConnection } from '@permits/queue';
import { BundledCalendar } from '@permits/workflow-runtime/calendar.source';
import { TaskStreamHub } from '../task-stream';
import { TASK_INDEX_SCHEMA, taskIndexDataSourceOptions } from './data-source';
import { TaskIndexFeed } from './feed';
import { TaskInboxQueries } from './inbox.queries';
import { TaskInboxController } from './task-inbox.controller';

export const TASK_INDEX_DB = Symbol('TASK_INDEX_DB');

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
      {
        provide: TaskIndexFeed,
        useFactory: (hub: TaskStreamHub) =>
          new TaskIndexFeed(
            () => new Client({ connectionString: url, options: `-c role=${serviceRole(TASK_INDEX_SCHEMA)}`, application_name: 'gateway-task-feed' }),
            hub,
          ),
        inject: [TaskStreamHub],
      },
    ],
  };
}
