import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QueueClient } from '@permits/queue';
import { OutboxRelay } from './relay';

/** Runs the outbox relay in a worker process: starts on bootstrap, finishes its batch on shutdown. */
@Injectable()
export class RelayHost implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: OutboxRelay;

  constructor(db: DataSource, queues: QueueClient) {
    this.relay = new OutboxRelay(db, queues);
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
