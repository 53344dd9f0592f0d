import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { renderMessage } from '../../channels/channel';
import { Channels } from '../../channels/channels';
import { NotificationRow } from '../../notifications/notification.entity';
import { DeliveryRow } from '../delivery.entity';

export type DeliveryOutcome = { kind: 'done' } | { kind: 'sent'; channel: string } | { kind: 'failed'; error: Error; final: boolean };

/** One attempt at a planned e-mail or SMS delivery; `final`: the job's last allowed attempt. */
export class SendDelivery extends Command<DeliveryOutcome> {
  constructor(
    readonly deliveryId: string,
    readonly final: boolean,
  ) {
    super();
  }
}

/**
 * Sends one planned delivery and marks it sent. The row is locked while sending, so a second copy of the
 * job (a stalled job run again) waits and then finds it sent. A failure is recorded (on the last attempt, or
 * one no retry can fix, the row is marked failed) and answered, for the job to retry or fail for good.
 */
@CommandHandler(SendDelivery)
export class SendDeliveryHandler implements ICommandHandler<SendDelivery> {
  constructor(
    private readonly db: DataSource,
    private readonly channels: Channels,
  ) {}

  execute({ deliveryId, final }: SendDelivery): Promise<DeliveryOutcome> {
    return this.db.transaction(async (tx): Promise<DeliveryOutcome> => {
      const repo = tx.getRepository(DeliveryRow);
      const d = await repo.createQueryBuilder('d').setLock('pessimistic_write').where('d.id = :id', { id: deliveryId }).getOne();
      if (!d || d.status !== 'pending') return { kind: 'done' }; // sent or dead already: a redelivery
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
  }
}
