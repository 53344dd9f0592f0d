import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { JobDef, Jobs, NotifyV1, QueueName, Queues } from '@permits/contracts/jobs';
import { OutboxRow, rowValues } from './outbox.entity';

export interface OutboxOptions {
  correlationId?: string;
  /** ms before the job may run */
  delay?: number;
  /** A stable id makes the message itself idempotent (e.g. one alert per case, level and clock version). */
  id?: string;
}

/** An outbox row collected in a batch, not yet written (see drainOutboxBatch). */
export interface PendingOutboxRow {
  id: string;
  queue: string;
  jobName: string;
  payload: Record<string, unknown>;
  correlationId: string | null;
  delay: number;
}

/** Outbox rows collected for one transaction while a batch is open on it (see withOutboxBatch). */
const batches = new WeakMap<EntityManager, PendingOutboxRow[]>();

/**
 * Adds a message to the outbox inside the caller's transaction. The relay publishes it to BullMQ with
 * jobId = outbox id; nothing reaches Redis unless the transaction commits. Inside withOutboxBatch the row
 * is written with the batch's others, in one statement, before the batch returns.
 */
export async function addToOutbox<P extends object>(
  tx: EntityManager,
  queue: QueueName,
  job: JobDef<P>,
  payload: P,
  opts: OutboxOptions = {},
): Promise<string> {
  const id = opts.id ?? randomUUID();
  const row: PendingOutboxRow = {
    id,
    queue,
    jobName: job.name,
    payload: payload as Record<string, unknown>,
    correlationId: opts.correlationId ?? null,
    delay: Math.max(0, Math.round(opts.delay ?? 0)),
  };
  const batch = batches.get(tx);
  if (batch) {
    batch.push(row);
    return id;
  }
  await tx.createQueryBuilder().insert().into(OutboxRow).values(rowValues<OutboxRow>(row)).orIgnore().execute();
  return id;
}

/**
 * A notice to people (notification.requested.v1, recipients resolved by the service that knows them) in the
 * caller's transaction: the one way every service asks the notification service for one. Correlated by the
 * notice's own correlation id unless `opts` says otherwise.
 */
export function addNotice(tx: EntityManager, notice: NotifyV1, opts: OutboxOptions = {}): Promise<string> {
  return addToOutbox(tx, Queues.Notification, Jobs.Notify, notice, { correlationId: notice.correlationId, ...opts });
}

/**
 * Runs `fn` with the outbox rows it adds on `tx` collected, then writes them in one multi-row INSERT (a
 * row whose id is already there is skipped, as addToOutbox does). Nested calls join the outer batch.
 * When `fn` throws nothing is written (the caller's transaction is failing anyway).
 */
export async function withOutboxBatch<T>(tx: EntityManager, fn: () => Promise<T>): Promise<T> {
  if (batches.has(tx)) return fn();
  const batch: PendingOutboxRow[] = [];
  batches.set(tx, batch);
  let result: T;
  try {
    result = await fn();
  } finally {
    batches.delete(tx);
  }
  await insertOutboxRows(tx, batch);
  return result;
}

/**
 * Takes the rows collected so far in the batch open on `tx` (none when no batch is open): the caller writes
 * them itself, in a statement of its own (CaseRuntime folds them into its write). Rows added later still go
 * to the batch. The first of two rows with one id is kept, as the batch's INSERT does.
 */
export function drainOutboxBatch(tx: EntityManager): PendingOutboxRow[] {
  const batch = batches.get(tx);
  if (!batch) return [];
  const rows = batch.splice(0, batch.length);
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

/** One INSERT for many outbox rows; the first of two rows with one id wins, as with one INSERT each. */
async function insertOutboxRows(tx: EntityManager, rows: PendingOutboxRow[]): Promise<void> {
  const seen = new Set<string>();
  const unique = rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
  if (unique.length === 0) return;
  await tx.query(
    `INSERT INTO outbox (id, queue, job_name, payload, correlation_id, delay)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::int[])
     ON CONFLICT (id) DO NOTHING`,
    [
      unique.map((r) => r.id),
      unique.map((r) => r.queue),
      unique.map((r) => r.jobName),
      unique.map((r) => JSON.stringify(r.payload)),
      unique.map((r) => r.correlationId),
      unique.map((r) => r.delay),
    ],
  );
}
