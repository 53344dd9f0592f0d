import { DataSource, EntityManager } from 'typeorm';
import { InboxRow } from './outbox.entity';

/**
 * Records that a message was handled, in the consumer's transaction. Returns false when it was handled
 * before: the caller then does nothing, so a redelivered job has no second effect.
 */
export async function claimInbox(tx: EntityManager, messageId: string, job: string): Promise<boolean> {
  const result = await tx.createQueryBuilder().insert().into(InboxRow).values({ messageId, job }).orIgnore().returning('message_id').execute();
  return (result.raw as unknown[]).length > 0;
}

/** What identifies a consumed message: the BullMQ job id (= the producer's outbox id) and the job's name. */
export interface InboxMessage {
  messageId: string;
  jobName: string;
}

/**
 * Runs a message's work once: the inbox claim and the work in one transaction, so the work commits with its claim
 * and a redelivered message (a crash after COMMIT, before BullMQ recorded success) finds it claimed and does nothing.
 */
export async function onceInTransaction(db: DataSource, message: InboxMessage, work: (tx: EntityManager) => Promise<void>): Promise<void> {
  await db.transaction(async (tx) => {
    if (await claimInbox(tx, message.messageId, message.jobName)) await work(tx);
  });
}
