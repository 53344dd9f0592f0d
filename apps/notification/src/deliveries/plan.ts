import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { addToOutbox } from '@permits/persistence';
import { Channel, channelsFor } from '../channels/channel';
import { CONTACT_TYPES, ContactRow, ContactType } from '../contacts/contact.entity';
import { DeliveryRow } from './delivery.entity';

interface StoredNotification {
  id: string;
  recipientType: string;
  recipient: string;
}

/**
 * Inside the transaction that stores the notifications: one delivery row per notification and
 * out-of-band channel its recipient has an address for, and one outbox message per delivery (jobId =
 * delivery id). Nothing is sent here; the deliver job does that after the commit.
 */
export async function planDeliveries(
  tx: EntityManager,
  notifications: readonly StoredNotification[],
  channels: readonly Channel[],
  correlationId: string,
): Promise<number> {
  if (!channels.some((c) => c.name !== 'in_app' && c.enabled)) return 0;
  const keyed = notifications.filter((n) => (CONTACT_TYPES as readonly string[]).includes(n.recipientType));
  if (keyed.length === 0) return 0;
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
  let planned = 0;
  for (const n of keyed) {
    const contact = byKey.get(`${n.recipientType as ContactType}\u0000${n.recipient}`) ?? null;
    for (const { channel, address } of channelsFor(contact, channels)) {
      const id = randomUUID();
      await tx
        .getRepository(DeliveryRow)
        .insert({ id, notificationId: n.id, channel, address, status: 'pending', attempts: 0, lastError: null, sentAt: null, failedAt: null });
      await addToOutbox(tx, Queues.NotificationDelivery, Jobs.Deliver, { deliveryId: id, correlationId }, { id, correlationId });
      planned++;
    }
  }
  return planned;
}
