import type { MinimalJob } from 'bullmq';

/** A backoff type of our own: exponential from `delay`, capped (BullMQ's own exponential grows without bound). */
export const CAPPED_EXPONENTIAL = 'capped-exponential';
/** The longest wait between two attempts of a failing job, unless RETRY_CAP_MS says otherwise. */
export const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * Delay before the next attempt, after `attemptsMade` failures (1 after the first): base × 2^(n−1), at most
 * `capMs`, less up to 20% random jitter so that jobs which failed together (an outage) do not all come
 * back at the same instant.
 */
export function cappedExponentialDelay(attemptsMade: number, baseMs: number, random: () => number = Math.random, capMs = BACKOFF_CAP_MS): number {
  const n = Math.max(1, Math.floor(attemptsMade));
  const full = Math.min(capMs, baseMs * 2 ** Math.min(n - 1, 30));
  return Math.round(full * (1 - 0.2 * random()));
}

/**
 * The waits a job that fails every time goes through, until `budgetMs` has passed since it was written:
 * what a consumer does during an outage. Pure (jitter left out), for tests and the README's table.
 */
export function retrySchedule(budgetMs: number, baseMs: number, capMs: number): { attempts: number; lastWaitMs: number } {
  let t = 0;
  let attempts = 1;
  let wait = 0;
  while (t < budgetMs) {
    wait = cappedExponentialDelay(attempts, baseMs, () => 0, capMs);
    t += wait;
    attempts++;
  }
  return { attempts, lastWaitMs: wait };
}

/** BullMQ's hook for custom backoff types (Worker settings.backoffStrategy); built-in types never reach it. */
export function backoffStrategyCapped(capMs: number) {
  return (attemptsMade: number, type?: string, _err?: Error, job?: MinimalJob): number => {
    if (type !== CAPPED_EXPONENTIAL) throw new Error(`unknown backoff type ${type}`);
    const backoff = job?.opts.backoff;
    const base = typeof backoff === 'object' && typeof backoff.delay === 'number' ? backoff.delay : 1000;
    return cappedExponentialDelay(attemptsMade, base, Math.random, capMs);
  };
}

export const backoffStrategy = backoffStrategyCapped(BACKOFF_CAP_MS);

/**
 * Whether a job that just failed (not for its content) should become a dead letter: only once it has been
 * failing for longer than its time budget, counted from when it was written.
 */
export function budgetSpent(firstWrittenAt: number, now: number, budgetMs: number): boolean {
  return now - firstWrittenAt >= budgetMs;
}
