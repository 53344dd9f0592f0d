import type { MinimalJob } from 'bullmq';

/** A backoff type of our own: exponential from `delay`, capped (BullMQ's own exponential grows without bound). */
export const CAPPED_EXPONENTIAL = 'capped-exponential';
/** The longest wait between two attempts of a capped job. */
export const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * Delay before the next attempt, after `attemptsMade` failures (1 after the first): base × 2^(n−1), at most
 * BACKOFF_CAP_MS, less up to 20% random jitter so that jobs which failed together (an outage) do not all come
 * back at the same instant.
 */
export function cappedExponentialDelay(attemptsMade: number, baseMs: number, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attemptsMade));
  const full = Math.min(BACKOFF_CAP_MS, baseMs * 2 ** Math.min(n - 1, 30));
  return Math.round(full * (1 - 0.2 * random()));
}

/** BullMQ's hook for custom backoff types (Worker settings.backoffStrategy); built-in types never reach it. */
export function backoffStrategy(attemptsMade: number, type?: string, _err?: Error, job?: MinimalJob): number {
  if (type !== CAPPED_EXPONENTIAL) throw new Error(`unknown backoff type ${type}`);
  const backoff = job?.opts.backoff;
  const base = typeof backoff === 'object' && typeof backoff.delay === 'number' ? backoff.delay : 1000;
  return cappedExponentialDelay(attemptsMade, base);
}
