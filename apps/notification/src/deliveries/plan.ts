import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Channel, channelsFor } from '../channels/channel';
import { CONTACT_TYPES, ContactRow, ContactType } from '../contacts/contact.entity';
import { DeliveryRow } from './delivery.entity';
import { NotificationRow } from '../notifications/notification.entity';

interface StoredNotification {
  id: string;
  recipientType: string;
  recipient: string;
}

/**
 * Inside the transaction that stores the notifications: one delivery row per notification and out-of-band
 * channel its recipient has an address for (the address as it is now). Answers the new rows' ids. Nothing is
 * sent here and no message is written: the request's own job makes each delivery's first attempt after the
 * commit (deliverNow), and only a failed attempt hands the delivery to the delivery queue.
 */
export async function planDeliveries(tx: EntityManager, notifications: readonly StoredNotification[], channels: readonly Channel[]): Promise<string[]> {
  if (!channels.some((c) => c.name !== 'in_app' && c.enabled)) return [];
  const keyed = notifications.filter((n) => (CONTACT_TYPES as readonly string[]).includes(n.recipientType));
  if (keyed.length === 0) return [];
  const params: Record<string, string> = {};
  const pairs = keyed.map((n, i) => {
    params[`t${i}`] = n.recipientType;
    params[`r${i}`] = n.recipient;
    return `(:t${i}, :r${i})`;
  });
  const contacts = await tx
    .getRepository(ContactRow)
    .createQueryBuilder('c')
    .where(`(c.recipient_type, c.recipient) IN (${pairs.join(', ')})`, params)
    .getMany();
  const byKey = new Map(contacts.map((c) => [`${c.recipientType}\u0000${c.recipient}`, c]));
  const rows = keyed.flatMap((n) =>
    channelsFor(byKey.get(`${n.recipientType as ContactType}\u0000${n.recipient}`) ?? null, channels).map(({ channel, address }) => ({
      id: randomUUID(),
      notificationId: n.id,
      channel,
      address,
      status: 'pending' as const,
      attempts: 0,
      lastError: null,
      sentAt: null,
      failedAt: null,
    })),
  );
  if (rows.length) await tx.getRepository(DeliveryRow).insert(rows);
  return rows.map((r) => r.id);
}

/**
 * The deliveries of one request (its message id) that no attempt has been made at: after a crash between the
 * store's commit and the first attempts, the request's job runs again, its inbox says stored, and these are
 * what it still owes. A delivery with an attempt behind it belongs to its deliver job.
 */
export async function unattemptedDeliveries(tx: EntityManager, messageId: string): Promise<string[]> {
  const rows = await tx
    .getRepository(DeliveryRow)
    .createQueryBuilder('d')
    .select('d.id', 'id')
    .innerJoin(NotificationRow, 'n', 'n.id = d.notification_id')
    .where('n.message_id = :messageId', { messageId })
    .andWhere(`d.status = 'pending' AND d.attempts = 0`)
    .getRawMany<{ id: string }>();
  return rows.map((r) => r.id);
}
