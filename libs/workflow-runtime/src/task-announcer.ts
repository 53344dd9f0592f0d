import { Logger } from '@nestjs/common';
import type IORedis from 'ioredis';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { OpenedTask, taskChannel } from './task-stream';
import { safeErrorMessage } from '@permits/core';

/**
 * Announces on Redis (`${REDIS_PREFIX}:tasks:opened`) the tasks a command opened, once its transaction has
 * COMMITTED: the gateway's task stream (GET /api/v1/tasks/stream) passes each to the staff who may act on it.
 * A command that rolls back announces nothing. Announcements are held per query runner with the transaction
 * depth they were made at: a savepoint rolled back drops its own, the outermost commit sends the rest, the
 * outermost rollback drops all. Best effort: a message lost (Redis away) costs a workbench a refresh, never a
 * task (the inbox is read from the tables).
 */
export class TaskAnnouncer implements EntitySubscriberInterface {
  private readonly logger = new Logger('TaskAnnouncer');
  private readonly pending = new WeakMap<QueryRunner, { depth: number; task: OpenedTask }[]>();
  readonly channel: string;

  constructor(
    db: DataSource,
    private readonly redis: Pick<IORedis, 'publish'>,
    prefix: string,
  ) {
    this.channel = taskChannel(prefix);
    db.subscribers.push(this);
  }

  /** Called by CaseRuntime with the tasks a command opened (still open when it is done), inside its transaction. */
  opened(tx: EntityManager, tasks: OpenedTask[]): void {
    if (!tasks.length) return;
    const qr = tx.queryRunner;
    if (!qr || !qr.isTransactionActive) return this.publish(tasks); // written in autocommit: already committed
    const list = this.pending.get(qr) ?? [];
    for (const task of tasks) list.push({ depth: depthOf(qr), task });
    this.pending.set(qr, list);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const qr = event.queryRunner;
    if (qr.isTransactionActive) return; // a savepoint released: the outer transaction may still roll back
    const list = this.pending.get(qr);
    this.pending.delete(qr);
    if (list?.length) this.publish(list.map((x) => x.task));
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const qr = event.queryRunner;
    const list = this.pending.get(qr);
    if (!list) return;
    if (!qr.isTransactionActive) return void this.pending.delete(qr);
    const depth = depthOf(qr);
    this.pending.set(
      qr,
      list.filter((x) => x.depth <= depth),
    );
  }

  private publish(tasks: OpenedTask[]): void {
    for (const task of tasks) {
      this.redis
        .publish(this.channel, JSON.stringify(task))
        .catch((err: unknown) => this.logger.warn({ taskId: task.id, err: safeErrorMessage(err) }, 'task announcement not published'));
    }
  }
}

/** TypeORM's transaction depth (1 in the outermost transaction, one more per savepoint); not in its typings. */
function depthOf(qr: QueryRunner): number {
  return (qr as unknown as { transactionDepth?: number }).transactionDepth ?? 1;
}
