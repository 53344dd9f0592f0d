import { WorkingCalendar } from '../calendar';
import { changeLimits, ClockTransitionError, extendClock, newClock, startClock, stopClock } from './clock-state';
import { viewClock } from './clock-view';

describe('changeLimits (on-site check of a key-management discharge permit: 30 → 45 days)', () => {
  const calendar = WorkingCalendar.create();
  const running = () => startClock(newClock({ days: 30, unit: 'calendar' }, { days: 15, unit: 'calendar' }), '2026-03-02');
  const longer = { statutory: { days: 45, unit: 'calendar' as const }, committed: { days: 22, unit: 'calendar' as const } };

  it('moves both deadlines out, counted from the same acceptance', () => {
    const before = viewClock(running(), '2026-03-10', calendar);
    const after = viewClock(changeLimits(running(), longer, '2026-03-10'), '2026-03-10', calendar);
    expect(before.statutoryDeadline).toBe('2026-04-01');
    expect(after.statutoryDeadline).toBe('2026-04-16');
    expect(after.committedDeadline).toBe('2026-03-24');
    expect(after.elapsedDays).toBe(before.elapsedDays);
    expect(after.remainingDays).toBe(before.remainingDays + 7);
  });

  it('refuses shorter or equal limits, other units, a stopped clock and a clock already extended', () => {
    expect(() => changeLimits(running(), { statutory: { days: 30, unit: 'calendar' }, committed: { days: 15, unit: 'calendar' } }, '2026-03-10')).toThrow(
      ClockTransitionError,
    );
    expect(() => changeLimits(running(), { statutory: { days: 45, unit: 'working' }, committed: { days: 22, unit: 'calendar' } }, '2026-03-10')).toThrow(
      /units/,
    );
    expect(() => changeLimits(stopClock(running(), '2026-03-10'), longer, '2026-03-10')).toThrow(ClockTransitionError);
    const extended = extendClock(running(), { days: 10, reason: 'complex', by: 'head' }, '2026-03-10');
    expect(() => changeLimits(extended, longer, '2026-03-10')).toThrow(/extended/);
  });

  it('bumps the clock version, so timers of the old limits are superseded', () => {
    const c = running();
    expect(changeLimits(c, longer, '2026-03-10').version).toBe(c.version + 1);
  });
});
