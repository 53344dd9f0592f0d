import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { CommandBus } from '@nestjs/cqrs';
import { DeliverV1, Jobs } from '@permits/contracts/jobs';
import { DEFAULT_JOB_OPTIONS, JobHandler, JobMeta } from '@permits/queue';
import { SendDelivery } from './commands/send-delivery';
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

/**
 * Consumes notification.deliver.v1: the SendDelivery command. A failure is rethrown for BullMQ to retry with
 * capped backoff; the last allowed attempt (see lastAttempt) fails the job for good (UnrecoverableError): it
 * stays in the queue's failed set, a dead letter.
 */
@Injectable()
export class DeliverHandler implements JobHandler<DeliverV1> {
  readonly job = Jobs.Deliver;
  private readonly logger = new Logger(DeliverHandler.name);

  constructor(
    private readonly commands: CommandBus,
    @Inject(DELIVERY_ATTEMPTS) private readonly maxAttempts: number,
  ) {}

  async handle(p: DeliverV1, meta: JobMeta): Promise<void> {
    const outcome = await this.commands.execute(new SendDelivery(p.deliveryId, lastAttempt(meta, this.maxAttempts)));
    if (outcome.kind !== 'failed') return;
    this.logger.warn(
      { deliveryId: p.deliveryId, attempt: meta.attemptsMade + 1, final: outcome.final, err: safeErrorMessage(outcome.error), correlationId: p.correlationId },
      'delivery failed',
    );
    if (outcome.final) throw new UnrecoverableError(`delivery ${p.deliveryId} failed for good: ${outcome.error.message}`);
    throw outcome.error;
  }
}
