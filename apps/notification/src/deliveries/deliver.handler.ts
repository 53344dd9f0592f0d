import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { CommandBus } from '@nestjs/cqrs';
import { DeliverV1, Jobs } from '@permits/contracts/jobs';
import { DEFAULT_JOB_OPTIONS, JobHandler, JobMeta } from '@permits/queue';
import { SendDelivery } from './commands/send-delivery';
import { safeErrorMessage } from '@permits/core';

/**
 * Whether this run of a deliver job is its last chance whatever the delivery's count: its message's time budget is
 * spent (RETRY_BUDGET_SECONDS, so an SMS gateway down for an hour delays texts, it does not lose them), or the
 * job's own attempts are used. NOTIFY_DELIVERY_ATTEMPTS counts the delivery's attempts, the first one (made by
 * the request's job) included: DeliveryPolicy.isLast.
 */
export function lastChance(meta: JobMeta): boolean {
  return meta.lastChance || meta.attemptsMade + 1 >= (DEFAULT_JOB_OPTIONS.attempts ?? Infinity);
}

/**
 * Consumes notification.deliver.v1: a delivery whose first attempt failed, retried (the SendDelivery command). A
 * failure is rethrown for BullMQ to retry with capped backoff; the last allowed attempt fails the job for good
 * (UnrecoverableError): it stays in the queue's failed set, a dead letter.
 */
@Injectable()
export class DeliverHandler implements JobHandler<DeliverV1> {
  readonly job = Jobs.Deliver;
  private readonly logger = new Logger(DeliverHandler.name);

  constructor(private readonly commands: CommandBus) {}

  async handle(p: DeliverV1, meta: JobMeta): Promise<void> {
    const outcome = await this.commands.execute(new SendDelivery(p.deliveryId, p.correlationId, false, lastChance(meta)));
    if (outcome.kind !== 'failed') return;
    this.logger.warn(
      { deliveryId: p.deliveryId, attempt: meta.attemptsMade + 1, final: outcome.final, err: safeErrorMessage(outcome.error), correlationId: p.correlationId },
      'delivery failed',
    );
    if (outcome.final) throw new UnrecoverableError(`delivery ${p.deliveryId} failed for good: ${outcome.error.message}`);
    throw outcome.error;
  }
}
