import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NotifyV1 } from '@permits/contracts/jobs';
import { claimInbox, rowValues } from '@permits/persistence';
import { JobMeta } from '@permits/queue';
import { Channels } from '../../channels/channels';
import { planDeliveries, unattemptedDeliveries } from '../../deliveries/plan';
import { NotificationRow, RecipientType } from '../notification.entity';

/** What storing a request did: the notifications stored, and the deliveries whose first attempt is still owed. */
export interface StoredRequest {
  stored: number;
  /** Deliveries of this request no attempt was made at yet (the new ones, or those a crash left behind). */
  deliveries: string[];
}

/** A notification request from any service (notification.requested.v1). */
export class StoreNotification extends Command<StoredRequest> {
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
 * Stores one in-app notification per recipient, exactly the recipients the sending service resolved, and, in
 * the same transaction, the e-mail and SMS deliveries of those whose recipient has a contact; the inbox makes a
 * redelivered job store nothing twice. It answers the deliveries whose first attempt is owed: the request's
 * job makes it after the commit (one queue hop from the sender's commit to the e-mail, not two).
 */
@CommandHandler(StoreNotification)
export class StoreNotificationHandler implements ICommandHandler<StoreNotification> {
  constructor(
    private readonly db: DataSource,
    private readonly channels: Channels,
  ) {}

  execute({ payload: p, meta }: StoreNotification): Promise<StoredRequest> {
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
      if (!(await claimInbox(tx, meta.messageId, meta.jobName))) return { stored: 0, deliveries: await unattemptedDeliveries(tx, meta.messageId) };
      if (!rows.length) return { stored: 0, deliveries: [] };
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
      return { stored: stored.length, deliveries: await planDeliveries(tx, stored, this.channels.all) };
    });
  }
}
