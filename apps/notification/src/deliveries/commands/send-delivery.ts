import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { addToOutbox } from '@permits/persistence';
import { cappedExponentialDelay } from '@permits/queue';
import { renderMessage } from '../../channels/channel';
import { Channels } from '../../channels/channels';
import { NotificationRow } from '../../notifications/notification.entity';
import { DeliveryRow } from '../delivery.entity';

export type DeliveryOutcome =
  | { kind: 'done' }
  | { kind: 'sent'; channel: string }
  | { kind: 'failed'; error: Error; final: boolean }
  /** a first attempt not made (its channel is resting): the delivery went to the delivery queue as it was */
  | { kind: 'queued' };

/** How long first attempts on a channel are not made after one failed (see SendDeliveryHandler). */
export const CHANNEL_REST_MS = 30_000;

/**
 * How deliveries are retried: `attempts` is NOTIFY_DELIVERY_ATTEMPTS (0: no count, until the message's time
 * budget is spent), `retryBaseMs` RETRY_BASE_MS (the wait before the deliver job's first run).
 */
export class DeliveryPolicy {
  constructor(
    readonly attempts: number,
    readonly retryBaseMs = 1000,
  ) {}

  /** Whether the delivery's next attempt, after `attemptsBefore` failed ones, is its last allowed one. */
  isLast(attemptsBefore: number): boolean {
    return this.attempts > 0 && attemptsBefore + 1 >= this.attempts;
  }
}

/**
 * One attempt at a planned e-mail or SMS delivery. `first`: the attempt the request's own job makes right after
 * storing it (it acts only on a delivery nobody attempted yet); otherwise the deliver job's (a retry). `lastChance`:
 * the deliver job's time budget is spent.
 */
export class SendDelivery extends Command<DeliveryOutcome> {
  constructor(
    readonly deliveryId: string,
    readonly correlationId: string,
    readonly first: boolean,
    readonly lastChance = false,
  ) {
    super();
  }
}

/**
 * Sends one planned delivery and marks it sent. The row is locked while sending, so a second copy of the job (a
 * stalled job run again) waits and then finds it sent. A failure is recorded with its attempt (on the last
 * allowed attempt, or one no retry can fix, the row is marked failed) and answered. When the first attempt
 * fails, the same transaction hands the delivery to the delivery queue (an outbox message, jobId = delivery id,
 * after the first backoff): its deliver job retries it, and makes it a dead letter when it failed for good.
 *
 * A channel whose first attempt failed rests for CHANNEL_REST_MS in this process: the first attempts on it are not
 * made, their deliveries go to the delivery queue untried, so a server that is down or hangs (30 s timeouts) does
 * not hold up the requests queued behind it, whose notifications are what people read first. Only a hint kept
 * in memory: a restart or another replica just tries once more.
 */
@CommandHandler(SendDelivery)
export class SendDeliveryHandler implements ICommandHandler<SendDelivery> {
  constructor(
    private readonly db: DataSource,
    private readonly channels: Channels,
    private readonly policy: DeliveryPolicy,
  ) {}

  /** Until when (ms) first attempts on a channel are not made. */
  private readonly restingUntil = new Map<string, number>();

  execute({ deliveryId, correlationId, first, lastChance }: SendDelivery): Promise<DeliveryOutcome> {
    return this.db.transaction(async (tx): Promise<DeliveryOutcome> => {
      const repo = tx.getRepository(DeliveryRow);
      const d = await repo.createQueryBuilder('d').setLock('pessimistic_write').where('d.id = :id', { id: deliveryId }).getOne();
      // the first attempt is owed only once: a delivery attempted before belongs to its deliver job
      if (!d || (first && (d.status !== 'pending' || d.attempts > 0))) return { kind: 'done' };
      if (d.status === 'sent') return { kind: 'done' }; // a redelivery
      // failed for good already (its first attempt was its last): its deliver job stays failed, the dead letter
      if (d.status === 'failed') return { kind: 'failed', error: new UnrecoverableError(d.lastError ?? 'failed'), final: true };
      const handOver = (delay: number) =>
        addToOutbox(tx, Queues.NotificationDelivery, Jobs.Deliver, { deliveryId: d.id, correlationId }, { id: d.id, correlationId, delay });
      if (first && Date.now() < (this.restingUntil.get(d.channel) ?? 0)) {
        await handOver(0);
        return { kind: 'queued' };
      }
      const final = lastChance || this.policy.isLast(d.attempts);
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
        if (first) {
          this.restingUntil.set(d.channel, Date.now() + CHANNEL_REST_MS);
          await handOver(dead ? 0 : cappedExponentialDelay(1, this.policy.retryBaseMs));
        }
        return { kind: 'failed', error, final: dead };
      }
    });
  }
}
