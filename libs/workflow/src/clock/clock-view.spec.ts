import type { Limit } from '@permits/contracts/enums';
import { addDays, type IsoDate, WorkingCalendar } from '../calendar';
import { ClockInputError, type ClockState, extendClock, newClock, pauseClock, resumeClock, startClock, stopClock } from './clock-state';
import { acceptanceDeadline, extendStatutoryLimit, levelChangeDates, viewClock } from './clock-view';

const calendar = WorkingCalendar.create();
const working = (days: number): Limit => ({ days, unit: 'working' });
const calendarDays = (days: number): Limit => ({ days, unit: 'calendar' });
const expertReview = { reason: 'expert_review' as const, expectedDays: 10 };
const extension = { days: 10, reason: 'on-site check needed', by: 'head-1' };

/** A clock started on `acceptedOn` (20 working days statutory, 10 committed unless given). */
function aClock(acceptedOn: IsoDate, statutory = working(20), committed = working(10)): ClockState {
  return startClock(newClock(statutory, committed), acceptedOn);
}

/** A case accepted on Tuesday 2026-09-29, just before the National Day block (Oct 1–7, Saturday Oct 10 worked). */
const beforeNationalDay = () => aClock('2026-09-29');

describe(viewClock.name, () => {
  it('shows a clock not yet started as green, without deadlines', () => {
    expect(viewClock(newClock(working(20), working(10)), '2026-09-29', calendar)).toStrictEqual({
      clock: 'not_started',
      statutoryLimit: working(20),
      committedLimit: working(10),
      statutoryDeadline: null,
      committedDeadline: null,
      elapsedDays: 0,
      remainingDays: 10,
      daysSaved: null,
      level: 'green',
      calendarComplete: true,
    });
  });

  describe('working-day limits across National Day 2026', () => {
    it('puts the 20-working-day deadline on 2026-11-02 and the 10-day one on 2026-10-19', () => {
      expect(viewClock(beforeNationalDay(), '2026-09-29', calendar)).toStrictEqual({
        clock: 'running',
        statutoryLimit: working(20),
        committedLimit: working(10),
        statutoryDeadline: '2026-11-02',
        committedDeadline: '2026-10-19',
        elapsedDays: 0, // the acceptance day does not count
        remainingDays: 10,
        daysSaved: null,
        level: 'green',
        calendarComplete: true,
      });
    });

    it.each<[IsoDate, number, 'green' | 'yellow' | 'red', string]>([
      ['2026-09-30', 1, 'green', 'the first counted day'],
      ['2026-10-05', 1, 'green', 'holidays do not count'],
      ['2026-10-10', 4, 'green', 'the working Saturday counts'],
      ['2026-10-11', 4, 'green', 'Sunday'],
      ['2026-10-14', 7, 'green', 'exactly 3 remaining'],
      ['2026-10-15', 8, 'yellow', 'exactly 2 remaining'],
      ['2026-10-17', 9, 'yellow', 'a Saturday, 1 remaining'],
      ['2026-10-19', 10, 'yellow', 'the committed deadline: 0 remaining'],
      ['2026-10-20', 11, 'yellow', 'the day after the committed deadline'],
      ['2026-11-02', 20, 'yellow', 'the statutory deadline itself'],
      ['2026-11-03', 21, 'red', 'the day after the statutory deadline'],
    ])('on %s: %i days elapsed, %s (%s)', (today, elapsed, level) => {
      const v = viewClock(beforeNationalDay(), today, calendar);
      expect({ elapsedDays: v.elapsedDays, remainingDays: v.remainingDays, level: v.level }).toEqual({
        elapsedDays: elapsed,
        remainingDays: 10 - elapsed,
        level,
      });
      expect([v.statutoryDeadline, v.committedDeadline]).toEqual(['2026-11-02', '2026-10-19']); // fixed while running
    });

    it('turns red on the Saturday after a Friday statutory deadline', () => {
      const s = aClock('2026-10-16');
      expect(viewClock(s, '2026-11-13', calendar)).toMatchObject({ statutoryDeadline: '2026-11-13', level: 'yellow' });
      expect(viewClock(s, '2026-11-14', calendar)).toMatchObject({ elapsedDays: 20, level: 'red' });
    });

    it('honours configured thresholds', () => {
      const v = (today: IsoDate) => viewClock(beforeNationalDay(), today, calendar, { yellowWithinDays: 4 }).level;
      expect([v('2026-10-12'), v('2026-10-13')]).toEqual(['green', 'yellow']); // 5, then 4 remaining
      expect(viewClock(beforeNationalDay(), '2026-10-15', calendar, { yellowWithinDays: 0 }).level).toBe('green');
    });
  });

  describe('calendar-day limits: a deadline on a rest day moves to the next working day', () => {
    it.each<[IsoDate, number, IsoDate, string]>([
      ['2026-09-01', 30, '2026-10-08', 'Oct 1 is National Day'],
      ['2026-01-16', 30, '2026-02-24', 'Feb 15 opens the Spring Festival block'],
      ['2026-01-15', 30, '2026-02-14', 'Feb 14 is a working Saturday: it stays'],
      ['2026-04-10', 30, '2026-05-11', 'Sunday May 10 → Monday'],
      ['2026-04-09', 30, '2026-05-09', 'Saturday May 9 is worked: it stays'],
      ['2025-09-08', 30, '2025-10-09', 'Oct 8 2025 closes the 2025 National Day block'],
      ['2026-09-10', 15, '2026-09-28', 'Sept 25–27 is Mid-Autumn 2026'],
    ])('accepted %s, %i days → %s (%s)', (acceptedOn, days, deadline) => {
      const v = viewClock(aClock(acceptedOn, calendarDays(days), calendarDays(days)), acceptedOn, calendar);
      expect([v.statutoryDeadline, v.committedDeadline]).toEqual([deadline, deadline]);
    });

    it('counts plain days elapsed, and remaining days to the moved deadline, which is the one in force', () => {
      const s = aClock('2026-09-01', calendarDays(30), calendarDays(30));
      expect(viewClock(s, '2026-10-01', calendar)).toMatchObject({ elapsedDays: 30, remainingDays: 7, level: 'green' });
      expect(viewClock(s, '2026-10-05', calendar)).toMatchObject({ elapsedDays: 34, remainingDays: 3, level: 'green' });
      expect(viewClock(s, '2026-10-06', calendar)).toMatchObject({ elapsedDays: 35, remainingDays: 2, level: 'yellow' });
      expect(viewClock(s, '2026-10-08', calendar)).toMatchObject({ remainingDays: 0, level: 'yellow' }); // the moved deadline has not passed
      expect(viewClock(s, '2026-10-09', calendar)).toMatchObject({ remainingDays: -1, level: 'red' });
    });
  });

  describe("DOMAIN.md's worked example: simplified discharge permit (20 / 10 calendar days) accepted Mon 2026-09-21", () => {
    const accepted = () => aClock('2026-09-21', calendarDays(20), calendarDays(10));

    it('moves the committed deadline 10-01 (National Day) to 10-08 and the statutory 10-11 (Sunday) to 10-12', () => {
      expect(viewClock(accepted(), '2026-09-21', calendar)).toMatchObject({
        committedDeadline: '2026-10-08',
        statutoryDeadline: '2026-10-12',
        remainingDays: 17,
      });
    });

    it('decided 10-08: on time, 4 days saved (10-09 to 10-12)', () => {
      expect(viewClock(stopClock(accepted(), '2026-10-08'), '2026-10-08', calendar)).toMatchObject({
        elapsedDays: 17,
        remainingDays: 0,
        daysSaved: 4,
        level: 'yellow',
      });
    });

    it('decided 10-12: late against the committed limit by 4 days, 0 saved, never red', () => {
      expect(viewClock(stopClock(accepted(), '2026-10-12'), '2026-10-12', calendar)).toMatchObject({
        elapsedDays: 21,
        remainingDays: -4,
        daysSaved: 0,
        level: 'yellow',
      });
    });

    it('decided 10-14: 2 counted days late (after the moved deadline), red', () => {
      expect(viewClock(stopClock(accepted(), '2026-10-14'), '2026-10-14', calendar)).toMatchObject({ daysSaved: -2, level: 'red' });
    });

    it('decided 10-05, inside the holiday: 7 saved, 3 remaining to the committed deadline', () => {
      expect(viewClock(stopClock(accepted(), '2026-10-05'), '2026-10-05', calendar)).toMatchObject({ remainingDays: 3, daysSaved: 7 });
    });

    it('turns yellow two days before the moved committed deadline and red after the moved statutory one', () => {
      expect(levelChangeDates(accepted(), calendar)).toEqual({ yellowOn: '2026-10-06', redOn: '2026-10-13' });
    });

    it('moves the deadlines out by a pause and counts days saved to the moved one', () => {
      // paused on S = 09-25, resumed R = 09-28: 09-26..09-28 do not count, both deadlines 3 days later.
      const s = resumeClock(pauseClock(accepted(), expertReview, '2026-09-25'), '2026-09-28');
      expect(viewClock(s, '2026-09-28', calendar)).toMatchObject({ committedDeadline: '2026-10-08', statutoryDeadline: '2026-10-14' });
      expect(viewClock(stopClock(s, '2026-10-08'), '2026-10-08', calendar)).toMatchObject({ elapsedDays: 14, remainingDays: 0, daysSaved: 6 });
    });

    it('adds an extension in working days to the moved statutory deadline, and still counts days saved without it', () => {
      const s = extendClock(accepted(), { ...extension, days: 5 }, '2026-10-09');
      expect(viewClock(s, '2026-10-09', calendar)).toMatchObject({ statutoryLimit: calendarDays(20), statutoryDeadline: '2026-10-19' });
      expect(viewClock(stopClock(s, '2026-10-15'), '2026-10-15', calendar)).toMatchObject({ daysSaved: -3, level: 'yellow' });
    });
  });

  describe('a pause from S = Fri 2026-10-09 to R = Wed 2026-10-14', () => {
    // Counted: Sep 30, Oct 8, Oct 9 (S counts). Not counted: Oct 10 (a working Saturday), 12, 13, 14 (R).
    const pausedOnS = () => pauseClock(beforeNationalDay(), expertReview, '2026-10-09');
    const resumedOnR = () => resumeClock(pausedOnS(), '2026-10-14');

    it.each<[string, () => ClockState, IsoDate, number, IsoDate, IsoDate]>([
      ['paused, on S: as if resumed today, nothing moves yet', pausedOnS, '2026-10-09', 3, '2026-11-02', '2026-10-19'],
      ['paused, Sat Oct 10', pausedOnS, '2026-10-10', 3, '2026-11-03', '2026-10-20'],
      ['paused, Mon Oct 12', pausedOnS, '2026-10-12', 3, '2026-11-04', '2026-10-21'],
      ['resumed, on R', resumedOnR, '2026-10-14', 3, '2026-11-06', '2026-10-23'],
      ['resumed, R + 1 counts again', resumedOnR, '2026-10-15', 4, '2026-11-06', '2026-10-23'],
      ['resumed, Oct 21', resumedOnR, '2026-10-21', 8, '2026-11-06', '2026-10-23'],
    ])('%s: %i elapsed, deadlines %s / %s', (_, state, today, elapsed, statutory, committed) => {
      expect(viewClock(state(), today, calendar)).toMatchObject({
        elapsedDays: elapsed,
        remainingDays: 10 - elapsed,
        statutoryDeadline: statutory,
        committedDeadline: committed,
      });
    });

    it('moves both deadlines out by the 4 working days paused', () => {
      const before = viewClock(beforeNationalDay(), '2026-10-14', calendar);
      const after = viewClock(resumedOnR(), '2026-10-14', calendar);
      expect(calendar.countWorkingDays(before.committedDeadline!, after.committedDeadline!)).toBe(4);
      expect(calendar.countWorkingDays(before.statutoryDeadline!, after.statutoryDeadline!)).toBe(4);
    });

    it('keeps the level while paused and counts nothing', () => {
      const late = pauseClock(beforeNationalDay(), expertReview, '2026-10-15'); // 2 remaining: yellow
      expect(viewClock(late, '2026-12-01', calendar)).toMatchObject({ clock: 'paused', elapsedDays: 8, level: 'yellow', statutoryDeadline: '2026-12-17' });
    });

    it('does not move a deadline that ran out before the pause', () => {
      const s = pauseClock(beforeNationalDay(), expertReview, '2026-10-21'); // committed deadline Oct 19 passed
      expect(viewClock(s, '2026-10-30', calendar)).toMatchObject({ committedDeadline: '2026-10-19', elapsedDays: 12, level: 'yellow' });
    });

    it('changes nothing when paused and resumed on the same day', () => {
      const s = resumeClock(pauseClock(beforeNationalDay(), expertReview, '2026-10-09'), '2026-10-09');
      const { clock: _, ...withPause } = viewClock(s, '2026-10-20', calendar);
      const { clock: __, ...without } = viewClock(beforeNationalDay(), '2026-10-20', calendar);
      expect(withPause).toEqual(without);
    });

    it('counts the days of a second pause apart as well', () => {
      let s = resumedOnR();
      s = pauseClock(s, { reason: 'public_notice', expectedDays: 5 }, '2026-10-16'); // elapsed 5 on S2
      s = resumeClock(s, '2026-10-21'); // Oct 19, 20, 21 not counted
      expect(viewClock(s, '2026-10-22', calendar)).toMatchObject({ elapsedDays: 6, committedDeadline: '2026-10-28' });
    });
  });

  describe('extension', () => {
    it('moves only the statutory deadline, by 10 working days', () => {
      const s = extendClock(beforeNationalDay(), extension, '2026-10-20');
      expect(viewClock(s, '2026-10-20', calendar)).toMatchObject({
        statutoryLimit: working(30),
        committedLimit: working(10),
        statutoryDeadline: '2026-11-16',
        committedDeadline: '2026-10-19',
      });
      expect(viewClock(s, '2026-11-03', calendar).level).toBe('yellow'); // red without the extension
      expect(viewClock(s, '2026-11-17', calendar).level).toBe('red');
    });

    it('can be granted once only', () => {
      const s = extendClock(beforeNationalDay(), extension, '2026-10-20');
      expect(() => extendClock(s, extension, '2026-10-21')).toThrow(/already extended on 2026-10-20/);
    });
  });

  describe('stop', () => {
    it.each<[IsoDate, number, number, 'green' | 'yellow' | 'red']>([
      ['2026-10-12', 5, 15, 'green'],
      ['2026-10-16', 9, 11, 'yellow'], // the decision day counts
      ['2026-11-02', 20, 0, 'yellow'],
      ['2026-11-04', 22, -2, 'red'],
    ])('decided on %s: %i elapsed, %i days saved, %s', (stoppedOn, elapsed, saved, level) => {
      const s = stopClock(beforeNationalDay(), stoppedOn);
      const v = viewClock(s, '2027-03-01', calendar); // seen much later: frozen on the stop day
      expect(v).toMatchObject({ clock: 'stopped', elapsedDays: elapsed, daysSaved: saved, level, calendarComplete: true });
      expect(v.statutoryDeadline).toBe('2026-11-02');
    });

    it('counts days saved against the statutory deadline before the extension', () => {
      const s = stopClock(extendClock(beforeNationalDay(), extension, '2026-10-20'), '2026-11-10');
      expect(viewClock(s, '2026-11-10', calendar)).toMatchObject({ elapsedDays: 26, daysSaved: -6, level: 'yellow' }); // 6 working days after 11-02, not red
    });

    it('counts nothing after S when stopped during a pause', () => {
      const s = stopClock(pauseClock(beforeNationalDay(), expertReview, '2026-10-09'), '2026-10-20');
      expect(viewClock(s, '2026-10-20', calendar)).toMatchObject({ elapsedDays: 3, daysSaved: 17 });
    });

    it('reports elapsed in the committed unit and days saved in the statutory unit', () => {
      // EIA report book: 60 (calendar) days statutory, 20 working days committed.
      const s = stopClock(aClock('2026-09-29', calendarDays(60), working(20)), '2026-10-20');
      expect(viewClock(s, '2026-10-20', calendar)).toMatchObject({
        statutoryDeadline: '2026-11-30', // Sept 29 + 60 = Sat Nov 28 → Monday
        committedDeadline: '2026-11-02',
        elapsedDays: 11, // working days
        remainingDays: 9,
        daysSaved: 41, // Oct 21 to the moved deadline Nov 30: no fewer than against the unmoved Nov 28 (60 − 21)
        level: 'green',
      });
    });
  });

  describe('years the calendar does not cover', () => {
    it('flags a deadline that runs into 2027 and counts Jan 1 2027 as a working Friday', () => {
      const v = viewClock(aClock('2026-12-15'), '2026-12-15', calendar);
      expect(v).toMatchObject({ statutoryDeadline: '2027-01-12', calendarComplete: false });
      expect(viewClock(aClock('2026-12-01'), '2026-12-01', calendar)).toMatchObject({ statutoryDeadline: '2026-12-29', calendarComplete: true });
    });

    it('flags a case overdue into 2027', () => {
      expect(viewClock(aClock('2026-11-02'), '2027-01-05', calendar).calendarComplete).toBe(false);
    });

    it('flags a case entirely in 2030 and counts Monday to Friday', () => {
      const v = viewClock(aClock('2030-09-27'), '2030-09-27', calendar); // a Friday; Oct 1 2030 counted as working
      expect(v).toMatchObject({ statutoryDeadline: '2030-10-25', committedDeadline: '2030-10-11', calendarComplete: false });
    });

    it('is complete once the 2027 schedule is loaded', () => {
      const with2027 = WorkingCalendar.create({
        schedules: [{ year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: [], source: 'test: made-up 2027' }],
      });
      expect(viewClock(aClock('2026-12-15'), '2026-12-15', with2027)).toMatchObject({ statutoryDeadline: '2027-01-13', calendarComplete: true });
    });
  });
});

describe(levelChangeDates.name, () => {
  it('gives the days a running clock turns yellow and red', () => {
    expect(levelChangeDates(beforeNationalDay(), calendar)).toEqual({ yellowOn: '2026-10-15', redOn: '2026-11-03' });
  });

  it('gives a calendar day for red even when it is a weekend', () => {
    expect(levelChangeDates(aClock('2026-10-16'), calendar)).toEqual({ yellowOn: '2026-10-28', redOn: '2026-11-14' });
  });

  it('recomputes from the resumption', () => {
    const s = resumeClock(pauseClock(beforeNationalDay(), expertReview, '2026-10-09'), '2026-10-14');
    expect(levelChangeDates(s, calendar)).toEqual({ yellowOn: '2026-10-21', redOn: '2026-11-07' });
  });

  it('answers null for what already happened, and for yellow after an extension of a yellow clock', () => {
    expect(levelChangeDates(beforeNationalDay(), calendar, undefined, '2026-10-16')).toEqual({ yellowOn: null, redOn: '2026-11-03' });
    expect(levelChangeDates(beforeNationalDay(), calendar, undefined, '2026-11-04')).toEqual({ yellowOn: null, redOn: null });
    const s = extendClock(beforeNationalDay(), extension, '2026-10-20');
    expect(levelChangeDates(s, calendar)).toEqual({ yellowOn: null, redOn: '2026-11-17' });
  });

  it('gives the acceptance day when the committed limit is already within the threshold', () => {
    expect(levelChangeDates(aClock('2026-09-29', working(20), working(2)), calendar).yellowOn).toBe('2026-09-29');
  });

  it('counts plain days to yellow before the moved deadline of a calendar-day committed limit', () => {
    // 30 calendar days from 2026-09-01: the deadline Oct 1 moves to Oct 8, so 2 remain on Oct 6.
    expect(levelChangeDates(aClock('2026-09-01', calendarDays(30), calendarDays(30)), calendar)).toEqual({ yellowOn: '2026-10-06', redOn: '2026-10-09' });
  });

  it.each<[string, () => ClockState]>([
    ['not started', () => newClock(working(20), working(10))],
    ['paused', () => pauseClock(beforeNationalDay(), expertReview, '2026-10-09')],
    ['stopped', () => stopClock(beforeNationalDay(), '2026-10-09')],
  ])('answers nulls when %s', (_, state) => {
    expect(levelChangeDates(state(), calendar)).toEqual({ yellowOn: null, redOn: null });
  });

  it('agrees with viewClock on the day before and the day itself', () => {
    const s = beforeNationalDay();
    const { yellowOn, redOn } = levelChangeDates(s, calendar);
    expect(viewClock(s, addDays(yellowOn!, -1), calendar).level).toBe('green');
    expect(viewClock(s, yellowOn!, calendar).level).toBe('yellow');
    expect(viewClock(s, addDays(redOn!, -1), calendar).level).toBe('yellow');
    expect(viewClock(s, redOn!, calendar).level).toBe('red');
  });
});

describe(acceptanceDeadline.name, () => {
  it.each<[IsoDate, Limit, IsoDate, boolean]>([
    ['2026-09-29', working(5), '2026-10-12', true], // Sept 30, Oct 8, 9, 10 (Saturday worked), 12
    ['2026-02-13', working(5), '2026-02-27', true], // Feb 14 (Saturday worked), 24, 25, 26, 27
    ['2026-09-29', calendarDays(3), '2026-10-08', true], // Oct 2 is a holiday
    ['2026-09-29', working(3), '2026-10-09', true],
    ['2026-12-29', working(5), '2027-01-05', false], // Jan 1 2027 counted as a working Friday, flagged
  ])('received %s, limit %j → %s', (receivedOn, limit, deadline, complete) => {
    expect(acceptanceDeadline(receivedOn, limit, calendar)).toEqual({ deadline, calendarComplete: complete });
  });
});

describe(extendStatutoryLimit.name, () => {
  const by = { reason: 'complex case', by: 'head-1' };

  it('adds 1 to 10 working days to the statutory deadline in force', () => {
    expect(viewClock(extendStatutoryLimit(beforeNationalDay(), { ...by, days: 1 }, '2026-11-02', calendar), '2026-11-02', calendar).statutoryDeadline).toBe(
      '2026-11-03',
    );
    expect(viewClock(extendStatutoryLimit(beforeNationalDay(), { ...by, days: 10 }, '2026-10-01', calendar), '2026-10-01', calendar).statutoryDeadline).toBe(
      '2026-11-16',
    );
  });

  it.each([0, 11, 2.5])('refuses %d days as bad input', (days) => {
    expect(() => extendStatutoryLimit(beforeNationalDay(), { ...by, days }, '2026-10-01', calendar)).toThrow(ClockInputError);
  });

  it('refuses an extension once the statutory deadline has passed', () => {
    expect(() => extendStatutoryLimit(beforeNationalDay(), { ...by, days: 5 }, '2026-11-03', calendar)).toThrow(
      expect.objectContaining({ reason: 'deadline_passed' }),
    );
  });

  it('refuses a second extension', () => {
    const once = extendStatutoryLimit(beforeNationalDay(), { ...by, days: 5 }, '2026-10-20', calendar);
    expect(() => extendStatutoryLimit(once, { ...by, days: 5 }, '2026-10-21', calendar)).toThrow(expect.objectContaining({ reason: 'already_extended' }));
  });

  it('measures "passed" against the moved deadline of a calendar-day limit', () => {
    const s = aClock('2026-09-21', calendarDays(20), calendarDays(10)); // 10-11 (Sunday) moves to 10-12
    expect(viewClock(extendStatutoryLimit(s, { ...by, days: 2 }, '2026-10-12', calendar), '2026-10-12', calendar).statutoryDeadline).toBe('2026-10-14');
  });
});
