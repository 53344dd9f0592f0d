import { lastAttempt } from './deliver.handler';

const meta = (attemptsMade: number, lastChance = false) => ({ messageId: 'm', jobName: 'notification.deliver.v1', attemptsMade, lastChance });

describe(lastAttempt.name, () => {
  it('keeps retrying by default however many attempts failed, while the time budget lasts', () => {
    expect(lastAttempt(meta(0), 0)).toBe(false);
    expect(lastAttempt(meta(8), 0)).toBe(false);
    expect(lastAttempt(meta(500), 0)).toBe(false);
  });

  it('makes the attempt after the budget is spent the last one', () => {
    expect(lastAttempt(meta(3, true), 0)).toBe(true);
    expect(lastAttempt(meta(0, true), 5)).toBe(true);
  });

  it('stops at NOTIFY_DELIVERY_ATTEMPTS when one is configured', () => {
    expect(lastAttempt(meta(0), 2)).toBe(false);
    expect(lastAttempt(meta(1), 2)).toBe(true);
    expect(lastAttempt(meta(7), 8)).toBe(true);
  });
});
