import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { safeErrorMessage } from '@permits/core';
import { parseOpenedTask } from '@permits/workflow-runtime/task-stream';
import { TaskStreamHub } from '../task-stream';
import { TASK_INDEX_CHANNEL } from './projector';

/** How long the feed waits before it listens again after its connection broke. */
export const RELISTEN_MS = 1_000;

/**
 * The task stream fed from the index's changes: a connection of its own LISTENs on TASK_INDEX_CHANNEL, where every
 * projection that made a task visible to someone (opened, moved to another department or person) announces the task at
 * its commit, whichever gateway process applied it. No polling; a broken connection listens again after RELISTEN_MS
 * (what committed meanwhile is in the inbox, which a workbench reads when its stream reconnects).
 */
export class TaskIndexFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('TaskIndexFeed');
  private client?: Client;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly connect: () => Client,
    private readonly hub: TaskStreamHub,
  ) {}

  onModuleInit(): void {
    void this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = this.connect();
    this.client = client;
    client.on('notification', (n) => {
      const task = n.channel === TASK_INDEX_CHANNEL && n.payload ? parseOpenedTask(n.payload) : undefined;
      if (task) this.hub.push(task);
    });
    client.on('error', (err) => this.again(client, err));
    client.on('end', () => this.again(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${TASK_INDEX_CHANNEL}`);
    } catch (err) {
      this.again(client, err);
    }
  }

  private again(client: Client, err?: unknown): void {
    if (this.stopped || client !== this.client) return;
    this.client = undefined;
    if (err) this.logger.warn({ err: safeErrorMessage(err) }, 'task index feed lost its connection; listening again');
    client.end().catch(() => undefined);
    this.retry = setTimeout(() => void this.listen(), RELISTEN_MS);
    this.retry.unref();
  }
}
