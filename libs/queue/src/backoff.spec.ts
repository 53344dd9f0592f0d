import { BACKOFF_CAP_MS, CAPPED_EXPONENTIAL, backoffStrategy, cappedExponentialDelay } from './backoff';

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
