import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Jobs, NotifyV1 } from '@permits/contracts/jobs';
import { JobHandler, JobMeta } from '@permits/queue';
import { safeErrorMessage } from '@permits/core';
import { DeliveryOutcome, SendDelivery } from '../deliveries/commands/send-delivery';
import { StoreNotification } from './commands/store-notification';

export { recipientsOf } from './commands/store-notification';

/**
 * Consumes notification.requested.v1, a request the owning service wrote in its own transaction's outbox with the
 * recipients resolved (the job id, its outbox id, is the idempotency key): the StoreNotification command, then,
 * in the same job, the first attempt at each e-mail and SMS delivery it planned (SendDelivery). So a notice reaches
 * its recipients one queue hop after the owner's commit; only a delivery whose first attempt fails goes on to the
 * delivery queue (and, while a channel rests after a failure, its deliveries go there untried). A crash between
 * the two steps runs the job again: the inbox stores nothing twice and the deliveries nobody attempted are
 * attempted then.
 */
@Injectable()
export class NotifyHandler implements JobHandler<NotifyV1> {
  readonly job = Jobs.Notify;
  private readonly logger = new Logger(NotifyHandler.name);

  constructor(private readonly commands: CommandBus) {}

  async handle(p: NotifyV1, meta: JobMeta): Promise<void> {
    const { stored, deliveries } = await this.commands.execute(new StoreNotification(p, meta));
    for (const id of deliveries) {
      const outcome: DeliveryOutcome = await this.commands.execute(new SendDelivery(id, p.correlationId, true));
      if (outcome.kind === 'failed')
        this.logger.warn(
          { deliveryId: id, final: outcome.final, err: safeErrorMessage(outcome.error), correlationId: p.correlationId },
          'first delivery attempt failed; handed to the delivery queue',
        );
    }
    this.logger.debug(
      { kind: p.kind, applicationId: p.applicationId, stored, deliveries: deliveries.length, correlationId: p.correlationId },
      'notification stored',
    );
  }
}
