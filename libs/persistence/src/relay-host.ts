import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BaseConfig } from '@permits/config';
import { QueueClient, WORKER_CONFIG } from '@permits/queue';
import { OutboxRelay } from './relay';

/** Runs the outbox relay in a worker process: starts on bootstrap, finishes its batch on shutdown. */
@Injectable()
export class RelayHost implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: OutboxRelay;

  constructor(db: DataSource, queues: QueueClient, @Optional() @Inject(WORKER_CONFIG) config?: BaseConfig) {
    this.relay = new OutboxRelay(db, queues, { retentionMs: (config?.MESSAGE_RETENTION_HOURS ?? 168) * 3_600_000 });
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
