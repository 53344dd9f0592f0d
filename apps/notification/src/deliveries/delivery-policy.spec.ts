import { DeliveryPolicy } from './commands/send-delivery';
import { lastChance } from './deliver.handler';

const meta = (attemptsMade: number, budgetSpent = false) => ({ messageId: 'm', jobName: 'notification.deliver.v1', attemptsMade, lastChance: budgetSpent });

describe(lastChance.name, () => {
  it('keeps retrying however many attempts failed, while the time budget lasts', () => {
    expect(lastChance(meta(0))).toBe(false);
    expect(lastChance(meta(8))).toBe(false);
    expect(lastChance(meta(500))).toBe(false);
  });

  it('makes the attempt after the budget is spent the last one', () => {
    expect(lastChance(meta(3, true))).toBe(true);
    expect(lastChance(meta(0, true))).toBe(true);
  });
});

describe(DeliveryPolicy.name, () => {
  it('keeps retrying by default (NOTIFY_DELIVERY_ATTEMPTS=0)', () => {
    const p = new DeliveryPolicy(0);
    expect(p.isLast(0)).toBe(false);
    expect(p.isLast(500)).toBe(false);
  });

  it('stops at NOTIFY_DELIVERY_ATTEMPTS, the first attempt (the request job’s) included', () => {
    expect(new DeliveryPolicy(1).isLast(0)).toBe(true);
    expect(new DeliveryPolicy(2).isLast(0)).toBe(false);
    expect(new DeliveryPolicy(2).isLast(1)).toBe(true);
    expect(new DeliveryPolicy(8).isLast(6)).toBe(false);
    expect(new DeliveryPolicy(8).isLast(7)).toBe(true);
  });
});
