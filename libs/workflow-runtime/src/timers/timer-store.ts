// Writes timers and their wake-ups inside the caller's transaction. The due time is the truth and lives in
// the `timers` table; the wake-up is a delayed BullMQ job published through the outbox, so a rolled-back
// command schedules nothing and a committed one never loses its wake-up (the relay retries, and the
// worker's reconciliation re-creates wake-ups lost with Redis).
import { EntityManager } from 'typeorm';
import { JobDef, TimerDueV1 } from '@permits/contracts/jobs';
import { addToOutbox } from '@permits/persistence';
import { MetricIncrement, labelKey, PlannedTimer, SLA_TIMER_KINDS, wakeJobId } from './timer-plan';

/**
 * Inserts the timers, or moves those not fired yet to their new due time; each one inserted or moved
 * gets a wake-up. A timer already fired is left as it is (it never fires twice).
 */
export async function upsertTimers(tx: EntityManager, job: JobDef<TimerDueV1>, timers: PlannedTimer[], now: Date, correlationId: string): Promise<void> {
  if (timers.length === 0) return;
  const changed: { id: string }[] = await tx.query(`${UPSERT_TIMERS} RETURNING id`, upsertParams(timers));
  await scheduleWakeUps(tx, job, timers, changed, now, correlationId);
}

/** One statement for many timers (the last of two with one id wins, as one statement each would leave it). */
const UPSERT_TIMERS = `INSERT INTO timers (id, case_id, kind, data, due_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[])
  ON CONFLICT (id) DO UPDATE SET due_at = EXCLUDED.due_at, data = EXCLUDED.data
   WHERE timers.fired_at IS NULL AND timers.due_at <> EXCLUDED.due_at`;

function upsertParams(timers: PlannedTimer[]): unknown[] {
  const byId = new Map(timers.map((t) => [t.id, t]));
  const list = [...byId.values()];
  return [list.map((t) => t.id), list.map((t) => t.caseId), list.map((t) => t.kind), list.map((t) => JSON.stringify(t.data)), list.map((t) => t.dueAt)];
}

/** A wake-up for each timer the upsert inserted or moved. */
async function scheduleWakeUps(
  tx: EntityManager,
  job: JobDef<TimerDueV1>,
  timers: PlannedTimer[],
  changed: { id: string }[],
  now: Date,
  correlationId: string,
): Promise<void> {
  if (changed.length === 0) return;
  const byId = new Map(timers.map((t) => [t.id, t]));
  for (const { id } of changed) {
    const t = byId.get(id);
    if (t) await scheduleWakeUp(tx, job, t.id, t.dueAt, now, correlationId);
  }
}

/**
 * The longest a wake-up waits (the outbox keeps delays in a 32-bit integer of ms, about 24.8 days). A timer
 * due later gets a wake-up at this distance, which finds it not due yet and re-arms itself for the rest.
 */
export const MAX_WAKE_DELAY_MS = 20 * 24 * 3_600_000;

export function wakeDelay(dueAt: Date, now: Date): number {
  return Math.min(MAX_WAKE_DELAY_MS, Math.max(0, dueAt.getTime() - now.getTime()));
}

/** A delayed job that wakes the worker when the timer falls due (a job id of its own per due time). */
export async function scheduleWakeUp(
  tx: EntityManager,
  job: JobDef<TimerDueV1>,
  timerId: string,
  dueAt: Date,
  now: Date,
  correlationId: string,
): Promise<void> {
  await addToOutbox(tx, job.queue, job, { timerId, correlationId }, { id: wakeJobId(timerId, dueAt), delay: wakeDelay(dueAt, now), correlationId });
}

/** Removes timers that no longer apply (their wake-ups, if any, find nothing and do nothing). */
export async function retireTimers(tx: EntityManager, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(`DELETE FROM timers WHERE id = ANY($1) AND fired_at IS NULL`, [ids]);
}

/**
 * Makes the case's pending SLA timers exactly `desired` (those of its current clock version): the timers
 * of a superseded clock are removed, the new ones written with their wake-ups.
 */
export async function syncSlaTimers(
  tx: EntityManager,
  job: JobDef<TimerDueV1>,
  caseId: string,
  desired: PlannedTimer[],
  now: Date,
  correlationId: string,
  also: PlannedTimer[] = [],
): Promise<void> {
  const timers = [...desired, ...also];
  // one round trip: the superseded ones go (ids never among those written), the rest are written
  const changed: { id: string }[] = await tx.query(
    `WITH gone AS (DELETE FROM timers WHERE case_id = $6 AND fired_at IS NULL AND kind = ANY($7) AND NOT (id = ANY($8)))
     ${UPSERT_TIMERS} RETURNING id`,
    [...upsertParams(timers), caseId, SLA_TIMER_KINDS, timers.map((t) => t.id)],
  );
  await scheduleWakeUps(tx, job, timers, changed, now, correlationId);
}

/**
 * Adds to the SLA counters in the caller's transaction (so the figure is exact whichever process counts).
 * Rows are written in key order, so two transactions never wait on each other in a cycle.
 */
export async function incrementMetrics(tx: EntityManager, increments: MetricIncrement[]): Promise<void> {
  const rows = mergedMetrics(increments);
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const values = rows.map((r, i) => {
    params.push(r.metric, r.labels, r.by);
    return `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3}::double precision)`;
  });
  await tx.query(
    `INSERT INTO sla_metrics (metric, labels, value) VALUES ${values.join(', ')} ON CONFLICT (metric, labels) DO UPDATE SET value = sla_metrics.value + EXCLUDED.value`,
    params,
  );
}

/** The increments merged per metric and label set, in key order (the order rows are written in). */
export function mergedMetrics(increments: MetricIncrement[]): { metric: string; labels: string; by: number }[] {
  const merged = new Map<string, { metric: string; labels: string; by: number }>();
  for (const i of increments) {
    const labels = labelKey(i.labels);
    const key = `${i.metric}\u0000${labels}`;
    const prev = merged.get(key);
    merged.set(key, { metric: i.metric, labels, by: (prev?.by ?? 0) + i.by });
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}
