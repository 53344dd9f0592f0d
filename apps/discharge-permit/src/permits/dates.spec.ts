import { addDaysIso, addYears, validUntil } from './dates';

describe('permit dates', () => {
  it.each([
    ['2026-11-27', 5, '2031-11-27'],
    ['2028-02-29', 5, '2033-02-28'],
    ['2028-02-29', 4, '2032-02-29'],
    ['2026-12-31', 3, '2029-12-31'],
  ])('adds years to %s (+%i) → %s', (from, n, to) => {
    expect(addYears(from, n)).toBe(to);
  });

  it('ends a validity the day before the anniversary', () => {
    expect(validUntil('2026-11-27', 5)).toBe('2031-11-26');
    expect(validUntil('2027-01-01', 5)).toBe('2031-12-31');
    expect(addDaysIso('2026-12-31', 1)).toBe('2027-01-01');
  });
});
