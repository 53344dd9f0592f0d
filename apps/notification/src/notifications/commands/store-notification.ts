import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NotifyV1 } from '@permits/contracts/jobs';
import { claimInbox, rowValues } from '@permits/persistence';
import { JobMeta } from '@permits/queue';
import { Channels } from '../../channels/channels';
import { planDeliveries } from '../../deliveries/plan';
import { NotificationRow, RecipientType } from '../notification.entity';

/** A notification request from any service (notification.notify.v1): answers how many rows were stored. */
export class StoreNotification extends Command<number> {
  constructor(
    readonly payload: NotifyV1,
    readonly meta: JobMeta,
  ) {
    super();
  }
}

export function recipientsOf(p: NotifyV1): [RecipientType, string][] {
  const r = p.recipients;
  return [
    ...(r.userIds ?? []).map((x) => ['user', x] as [RecipientType, string]),
    ...(r.depts ?? []).map((x) => ['dept', x] as [RecipientType, string]),
    ...(r.creditCodes ?? []).map((x) => ['enterprise', x] as [RecipientType, string]),
    ...(r.roles ?? []).map((x) => ['role', x] as [RecipientType, string]),
  ];
}

/**
 * Stores one in-app notification per recipient and, in the same transaction, the e-mail and SMS
 * deliveries of those whose recipient has a contact (sent later by the deliver job); the inbox makes a
 * redelivered job a no-op.
 */
@CommandHandler(StoreNotification)
export class StoreNotificationHandler implements ICommandHandler<StoreNotification> {
  constructor(
    private readonly db: DataSource,
    private readonly channels: Channels,
  ) {}

  execute({ payload: p, meta }: StoreNotification): Promise<number> {
    const rows = recipientsOf(p).map(([recipientType, recipient]) => ({
      id: randomUUID(),
      messageId: meta.messageId,
      kind: p.kind,
      applicationId: p.applicationId,
      recipientType,
      recipient,
      data: p.data ?? {},
      readAt: null,
    }));
    return this.db.transaction(async (tx) => {
      if (!(await claimInbox(tx, meta.messageId, meta.jobName))) return 0;
      if (!rows.length) return 0;
      const inserted = await tx
        .createQueryBuilder()
        .insert()
        .into(NotificationRow)
        .values(rows.map((r) => rowValues<NotificationRow>(r)))
        .orIgnore()
        .returning('id')
        .execute();
      const ids = new Set((inserted.raw as { id: string }[]).map((r) => r.id));
      const stored = rows.filter((r) => ids.has(r.id));
      await planDeliveries(tx, stored, this.channels.all, p.correlationId);
      return stored.length;
    });
  }
}
