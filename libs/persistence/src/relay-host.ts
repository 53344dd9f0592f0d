import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BaseConfig } from '@permits/config';
import { ConsumerHost, QueueClient, WORKER_CONFIG } from '@permits/queue';
import { OutboxRelay } from './relay';

/** Runs the outbox relay in a worker process: starts on bootstrap, finishes its batch on shutdown. */
@Injectable()
export class RelayHost implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: OutboxRelay;

  constructor(db: DataSource, queues: QueueClient, @Optional() @Inject(WORKER_CONFIG) config?: BaseConfig, @Optional() consumers?: ConsumerHost) {
    // the job schedulers live in Redis: a Redis that lost its data lost them too, and the worker puts them back
    this.relay = new OutboxRelay(db, queues, { retentionMs: (config?.MESSAGE_RETENTION_HOURS ?? 168) * 3_600_000, onRedisLost: () => consumers?.reschedule() });
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
