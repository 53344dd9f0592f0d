import { WorkingCalendar } from '@permits/workflow/calendar';
import type { TimerRow } from '@permits/workflow-runtime';
import { PENALTY_PUBLICATION_TIMER, publicationDeadline } from './penalty-effects';
import { penaltyPublicationKind } from './penalty-timers';

/** A made-up 2027 schedule: 2027-01-04..08 off (a long New Year), 2027-01-09 a working Saturday. */
const year2027 = { year: 2027, holidays: ['2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08'], workdays: ['2027-01-09'], source: 'test' };

const kind = penaltyPublicationKind(() => Promise.resolve('alerted'));
const timer = (data: Record<string, unknown>, dueAt: Date): TimerRow =>
  ({ id: `p1:${PENALTY_PUBLICATION_TIMER}`, caseId: 'p1', kind: PENALTY_PUBLICATION_TIMER, data, dueAt }) as unknown as TimerRow;

describe('the penalty publication deadline under a calendar loaded later', () => {
  const before = WorkingCalendar.create({ bundled: false });
  const after = WorkingCalendar.create({ bundled: false, schedules: [year2027] });

  it('counts 7 working days from the decision with the calendar it is given', () => {
    // decided Wednesday 2026-12-30: weekdays only → Fri 2027-01-08; with the 2027 holidays → Thu 2027-01-14 (Fri 1st and Sat 9th work)
    expect(publicationDeadline(before, '2026-12-30').publishBy).toBe('2027-01-08');
    expect(publicationDeadline(after, '2026-12-30').publishBy).toBe('2027-01-14');
  });

  it('moves a timer that kept its decision day, to the start of the day after the new last day', () => {
    const t = timer({ publishBy: '2027-01-08', decidedOn: '2026-12-30' }, publicationDeadline(before, '2026-12-30').dueAt);
    expect(kind.dueAgain!(t, before).toISOString()).toBe(t.dueAt.toISOString());
    expect(kind.dueAgain!(t, after).toISOString()).toBe('2027-01-14T16:00:00.000Z'); // 2027-01-15 00:00 in Shanghai
  });

  it('leaves a timer written before the decision day was kept where it is', () => {
    const t = timer({ publishBy: '2027-01-08' }, new Date('2027-01-08T16:00:00.000Z'));
    expect(kind.dueAgain!(t, after)).toBe(t.dueAt);
  });
});
