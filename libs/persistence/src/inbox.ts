import { EntityManager } from 'typeorm';
import { InboxRow } from './outbox.entity';

/**
 * Records that a message was handled, in the consumer's transaction. Returns false when it was handled
 * before: the caller then does nothing, so a redelivered job has no second effect.
 */
export async function claimInbox(tx: EntityManager, messageId: string, job: string): Promise<boolean> {
  const result = await tx.createQueryBuilder().insert().into(InboxRow).values({ messageId, job }).orIgnore().returning('message_id').execute();
  return (result.raw as unknown[]).length > 0;
}
