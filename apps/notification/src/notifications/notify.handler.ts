import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Jobs, NotifyV1 } from '@permits/contracts/jobs';
import { JobHandler, JobMeta } from '@permits/queue';
import { StoreNotification } from './commands/store-notification';

export { recipientsOf } from './commands/store-notification';

/** Consumes notification.notify.v1: the StoreNotification command. */
@Injectable()
export class NotifyHandler implements JobHandler<NotifyV1> {
  readonly job = Jobs.Notify;
  private readonly logger = new Logger(NotifyHandler.name);

  constructor(private readonly commands: CommandBus) {}

  async handle(p: NotifyV1, meta: JobMeta): Promise<void> {
    const stored = await this.commands.execute(new StoreNotification(p, meta));
    this.logger.debug({ kind: p.kind, applicationId: p.applicationId, stored, correlationId: p.correlationId }, 'notification stored');
  }
}
