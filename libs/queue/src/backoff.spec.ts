import { BACKOFF_CAP_MS, CAPPED_EXPONENTIAL, backoffStrategy, backoffStrategyCapped, budgetSpent, cappedExponentialDelay, retrySchedule } from './backoff';

describe(cappedExponentialDelay.name, () => {
  const none = () => 0;
  const most = () => 1;

  it('doubles from the base delay', () => {
    expect([1, 2, 3, 4].map((n) => cappedExponentialDelay(n, 1000, none))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits longer than the cap, however many attempts failed', () => {
    expect(cappedExponentialDelay(9, 1000, none)).toBe(256_000);
    expect(cappedExponentialDelay(10, 1000, none)).toBe(BACKOFF_CAP_MS);
    expect(cappedExponentialDelay(1999, 1000, none)).toBe(BACKOFF_CAP_MS);
  });

  it('takes off at most 20% as jitter', () => {
    expect(cappedExponentialDelay(3, 1000, most)).toBe(3200);
    expect(cappedExponentialDelay(50, 1000, most)).toBe(BACKOFF_CAP_MS * 0.8);
  });
});

describe(backoffStrategy.name, () => {
  it('reads the base delay from the job options', () => {
    const job = { opts: { backoff: { type: CAPPED_EXPONENTIAL, delay: 500 } } } as never;
    const d = backoffStrategy(2, CAPPED_EXPONENTIAL, undefined, job);
    expect(d).toBeGreaterThanOrEqual(800);
    expect(d).toBeLessThanOrEqual(1000);
  });

  it('refuses a backoff type it does not know', () => {
    expect(() => backoffStrategy(1, 'linear')).toThrow(/unknown backoff type linear/);
  });
});

describe('the retry schedule of a failing message', () => {
  it('rides out a 15-minute outage with the default settings and keeps trying for the 24-hour budget', () => {
    // 1 s, 2 s, … 256 s, then 5 minutes apart: about 292 attempts in 24 h, never more than 5 minutes between two
    const s = retrySchedule(24 * 3_600_000, 1000, BACKOFF_CAP_MS);
    expect(s.lastWaitMs).toBe(BACKOFF_CAP_MS);
    expect(s.attempts).toBeGreaterThan(280);
    // within a 15-minute outage the message is tried again at most 5 minutes after the outage ends
    let t = 0;
    let n = 1;
    while (t < 15 * 60_000) t += cappedExponentialDelay(n++, 1000, () => 0);
    expect(t - 15 * 60_000).toBeLessThanOrEqual(BACKOFF_CAP_MS);
  });

  it('takes its cap from the configuration (RETRY_CAP_MS)', () => {
    expect(cappedExponentialDelay(20, 10, () => 0, 1500)).toBe(1500);
    expect(
      backoffStrategyCapped(1500)(20, CAPPED_EXPONENTIAL, undefined, { opts: { backoff: { type: CAPPED_EXPONENTIAL, delay: 10 } } } as never),
    ).toBeLessThanOrEqual(1500);
  });

  it('spreads the retries of messages that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => cappedExponentialDelay(12, 1000)));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(BACKOFF_CAP_MS * 0.8);
  });
});

describe(budgetSpent.name, () => {
  it('makes a dead letter only once the budget has passed since the message was written', () => {
    expect(budgetSpent(0, 24 * 3_600_000 - 1, 24 * 3_600_000)).toBe(false);
    expect(budgetSpent(0, 24 * 3_600_000, 24 * 3_600_000)).toBe(true);
  });
});
