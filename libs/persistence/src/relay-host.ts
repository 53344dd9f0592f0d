import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, Optional, Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BaseConfig } from '@permits/config';
import { JobDef, ScheduleTickV1 } from '@permits/contracts/jobs';
import { ConsumerHost, JobHandler, QueueClient, WORKER_CONFIG } from '@permits/queue';
import { OutboxRelay } from './relay';

/** How often a worker prunes old outbox and inbox rows (its job scheduler `schedule.outbox-prune.v1`). */
export const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Runs the outbox relay in a worker process: starts on bootstrap, finishes its batch on shutdown. The pruning of
 * old outbox and inbox rows is not the loop's: it is OutboxPruneHandler's, on the worker's job scheduler.
 */
@Injectable()
export class RelayHost implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: OutboxRelay;

  constructor(db: DataSource, queues: QueueClient, @Optional() @Inject(WORKER_CONFIG) config?: BaseConfig, @Optional() consumers?: ConsumerHost) {
    // the job schedulers live in Redis: a Redis that lost its data lost them too, and the worker puts them back
    this.relay = new OutboxRelay(db, queues, {
      retentionMs: (config?.MESSAGE_RETENTION_HOURS ?? 168) * 3_600_000,
      pruneEveryMs: 0,
      onRedisLost: () => consumers?.reschedule(),
    });
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

/**
 * Every PRUNE_EVERY_MS (the job scheduler `schedule.outbox-prune.v1` of the worker's queue: one job per period for
 * all replicas): deletes published outbox rows and inbox rows older than MESSAGE_RETENTION_HOURS, in batches.
 */
export class OutboxPruneHandler implements JobHandler<ScheduleTickV1> {
  readonly everyMs = PRUNE_EVERY_MS;

  constructor(
    readonly job: JobDef<ScheduleTickV1>,
    private readonly host: RelayHost,
  ) {}

  async handle(): Promise<void> {
    await this.host.relay.prune();
  }
}

/** The provider of a worker's OutboxPruneHandler for its queue's job; list OutboxPruneHandler among the queue's handlers. */
export function outboxPrune(job: JobDef<ScheduleTickV1>): Provider {
  return { provide: OutboxPruneHandler, useFactory: (host: RelayHost) => new OutboxPruneHandler(job, host), inject: [RelayHost] };
}
