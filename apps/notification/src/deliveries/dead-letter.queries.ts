import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource, In } from 'typeorm';
import { QueueName, Queues } from '@permits/contracts/jobs';
import { QueueClient } from '@permits/queue';
import { ListQuery } from '@permits/workflow-runtime';
import { DeliveryRow } from './delivery.entity';
import { DomainError } from '@permits/core';

/** The queues whose failed jobs are this service's dead letters. */
export const DEAD_LETTER_QUEUES: QueueName[] = [Queues.Notification, Queues.NotificationDelivery];

export function encodeOffset(n: number): string {
  return Buffer.from(`o:${n}`).toString('base64url');
}

export function decodeOffset(cursor: string | undefined): number {
  if (!cursor) return 0;
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new DomainError('VALIDATION_FAILED', ['cursor is not a nextCursor of this list']);
  return Number(m[1]);
}

/**
 * Jobs that spent their attempts (or could never succeed) stay in their queue's failed set: notification
 * requests that could not be stored, and e-mail/SMS deliveries that could not be sent (their delivery row
 * says failed and why). Newest first.
 */
@Injectable()
export class DeadLetterQueries {
  constructor(
    private readonly queues: QueueClient,
    private readonly db: DataSource,
  ) {}

  async list(q: ListQuery) {
    const limit = q.limit ?? 50;
    const offset = decodeOffset(q.cursor);
    const perQueue = await Promise.all(
      DEAD_LETTER_QUEUES.map(async (name) => (await this.queues.queue(name).getFailed(0, offset + limit)).map((job) => ({ name, job }))),
    );
    const all = perQueue
      .flat()
      .filter((x): x is { name: QueueName; job: Job } => !!x.job)
      .sort((a, b) => (b.job.finishedOn ?? 0) - (a.job.finishedOn ?? 0) || String(b.job.id).localeCompare(String(a.job.id)));
    const page = all.slice(offset, offset + limit);
    const deliveryIds = page
      .filter((x) => x.name === Queues.NotificationDelivery)
      .map((x) => String((x.job.data as { deliveryId?: unknown }).deliveryId ?? ''));
    const deliveries = deliveryIds.length
      ? await this.db.getRepository(DeliveryRow).findBy({ id: In(deliveryIds.filter((id) => /^[0-9a-f-]{36}$/.test(id))) })
      : [];
    const byId = new Map(deliveries.map((d) => [d.id, d]));
    return {
      items: page.map(({ name, job }) => {
        const d = byId.get(String((job.data as { deliveryId?: unknown }).deliveryId ?? ''));
        return {
          id: job.id,
          queue: name,
          job: job.name,
          failedReason: job.failedReason,
          attemptsMade: job.attemptsMade,
          failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
          data: job.data as Record<string, unknown>,
          ...(d
            ? { delivery: { id: d.id, notificationId: d.notificationId, channel: d.channel, status: d.status, attempts: d.attempts, lastError: d.lastError } }
            : {}),
        };
      }),
      nextCursor: all.length > offset + limit ? encodeOffset(offset + limit) : null,
    };
  }
}
