import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { JobDef, QueueName } from '@permits/contracts/jobs';
import { OutboxRow, rowValues } from './outbox.entity';

export interface OutboxOptions {
  correlationId?: string;
  /** ms before the job may run */
  delay?: number;
  /** A stable id makes the message itself idempotent (e.g. one alert per case, level and clock version). */
  id?: string;
}

/**
 * Adds a message to the outbox inside the caller's transaction. The relay publishes it to BullMQ with
 * jobId = outbox id; nothing reaches Redis unless the transaction commits.
 */
export async function addToOutbox<P extends object>(tx: EntityManager, queue: QueueName, job: JobDef<P>, payload: P, opts: OutboxOptions = {}): Promise<string> {
  const id = opts.id ?? randomUUID();
  await tx
    .createQueryBuilder()
    .insert()
    .into(OutboxRow)
    .values(rowValues<OutboxRow>({ id, queue, jobName: job.name, payload: payload as Record<string, unknown>, correlationId: opts.correlationId ?? null, delay: Math.max(0, Math.round(opts.delay ?? 0)) }))
    .orIgnore()
    .execute();
  return id;
}
