import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { DeliverV1, Jobs } from '@permits/contracts/jobs';
import { DEFAULT_JOB_OPTIONS, JobHandler, JobMeta } from '@permits/queue';
import { renderMessage } from '../channels/channel';
import { Channels } from '../channels/channels';
import { NotificationRow } from '../notifications/notification.entity';
import { DeliveryRow } from './delivery.entity';
import { safeErrorMessage } from '@permits/core';

export const DELIVERY_ATTEMPTS = Symbol('DELIVERY_ATTEMPTS');

/**
 * Whether this attempt is a delivery's last: its message's time budget is spent (RETRY_BUDGET_SECONDS, so an
 * SMS gateway down for an hour delays texts, it does not lose them), or NOTIFY_DELIVERY_ATTEMPTS (when above
 * 0) attempts are used.
 */
export function lastAttempt(meta: JobMeta, configuredAttempts: number): boolean {
  const attempts = Math.min(configuredAttempts > 0 ? configuredAttempts : Infinity, DEFAULT_JOB_OPTIONS.attempts ?? Infinity);
  return meta.lastChance || meta.attemptsMade + 1 >= attempts;
}

type Outcome = { kind: 'done' } | { kind: 'sent'; channel: string } | { kind: 'failed'; error: Error; final: boolean };

/**
 * Sends one planned delivery and marks it sent. The row is locked while sending, so a second copy of the
 * job (a stalled job run again) waits and then finds it sent. A failure is recorded and rethrown for
 * BullMQ to retry with capped backoff; the last allowed attempt (see lastAttempt) marks the row failed and fails the job for good
 * (UnrecoverableError): it stays in the queue's failed set, a dead letter.
 */
@Injectable()
export class DeliverHandler implements JobHandler<DeliverV1> {
  readonly job = Jobs.Deliver;
  private readonly logger = new Logger(DeliverHandler.name);

  constructor(
    private readonly db: DataSource,
    private readonly channels: Channels,
    @Inject(DELIVERY_ATTEMPTS) private readonly maxAttempts: number,
  ) {}

  async handle(p: DeliverV1, meta: JobMeta): Promise<void> {
    const outcome = await this.db.transaction(async (tx): Promise<Outcome> => {
      const repo = tx.getRepository(DeliveryRow);
      const d = await repo.createQueryBuilder('d').setLock('pessimistic_write').where('d.id = :id', { id: p.deliveryId }).getOne();
      if (!d || d.status !== 'pending') return { kind: 'done' }; // sent or dead already: a redelivery
      const final = lastAttempt(meta, this.maxAttempts);
      try {
        const n = await tx.getRepository(NotificationRow).findOneBy({ id: d.notificationId });
        if (!n) throw new UnrecoverableError(`notification ${d.notificationId} does not exist`);
        const channel = this.channels.get(d.channel);
        if (!channel?.enabled) throw new UnrecoverableError(`channel ${d.channel} is not configured in this process`);
        await channel.send({ deliveryId: d.id, to: d.address, ...renderMessage(n) });
        await repo.update({ id: d.id }, { status: 'sent', attempts: d.attempts + 1, sentAt: new Date(), lastError: null });
        return { kind: 'sent', channel: d.channel };
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        const dead = final || error instanceof UnrecoverableError;
        await repo.update(
          { id: d.id },
          { attempts: d.attempts + 1, lastError: error.message.slice(0, 1000), ...(dead ? { status: 'failed' as const, failedAt: new Date() } : {}) },
        );
        return { kind: 'failed', error, final: dead };
      }
    });
    if (outcome.kind !== 'failed') return;
    this.logger.warn(
      { deliveryId: p.deliveryId, attempt: meta.attemptsMade + 1, final: outcome.final, err: safeErrorMessage(outcome.error), correlationId: p.correlationId },
      'delivery failed',
    );
    if (outcome.final) throw new UnrecoverableError(`delivery ${p.deliveryId} failed for good: ${outcome.error.message}`);
    throw outcome.error;
  }
}
