import { execFileSync } from 'node:child_process';
import raw from 'chinese-days/dist/chinese-days.json';
import fc from 'fast-check';
import { addDays, dayOfWeek, fromEpochDay, type IsoDate, toEpochDay } from './iso-date';
import { WorkingCalendar } from './working-calendar';
import type { YearSchedule } from './year-schedule';

const calendar = WorkingCalendar.create();

/** Naive reference, read straight from the package JSON: one day at a time. */
const data = raw as { holidays: Record<string, string>; workdays: Record<string, string> };
const naiveIsWorking = (d: IsoDate) => (d in data.workdays ? true : d in data.holidays ? false : dayOfWeek(d) >= 1 && dayOfWeek(d) <= 5);
function naiveCount(fromExclusive: IsoDate, toInclusive: IsoDate): number {
  let n = 0;
  for (let d = addDays(fromExclusive, 1); d <= toInclusive; d = addDays(d, 1)) if (naiveIsWorking(d)) n++;
  return n;
}
function naiveAdd(date: IsoDate, n: number): IsoDate {
  let d = date;
  for (let left = n; left > 0;) if (naiveIsWorking((d = addDays(d, 1)))) left--;
  return d;
}

/** A made-up 2027 schedule (the real one is published around November 2026). */
const schedule2027: YearSchedule = {
  year: 2027,
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'],
  workdays: ['2027-01-30', '2027-02-20'],
  source: 'test: made-up 2027',
};

describe(WorkingCalendar.name, () => {
  describe('coverage of the bundled chinese-days data', () => {
    it('covers exactly 2004–2026', () => {
      expect(calendar.coveredYears()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
      expect(calendar.coversYear(2003)).toBe(false);
      expect(calendar.coversYear(2027)).toBe(false);
      expect(calendar.scheduleFor(2026)?.source).toBe('chinese-days@1.5.7');
    });

    it.each<[IsoDate, IsoDate, boolean]>([
      ['2026-01-01', '2026-12-31', true],
      ['2004-01-01', '2026-12-31', true],
      ['2026-12-01', '2027-01-31', false],
      ['2027-01-31', '2026-12-01', false], // either order
      ['2003-12-31', '2004-01-05', false],
      ['2030-03-01', '2030-03-31', false],
    ])('isComplete(%s, %s) is %s', (from, to, expected) => {
      expect(calendar.isComplete(from, to)).toBe(expected);
    });
  });

  // Checked against the State Council notices for 2025 and 2026 (and the package data).
  it.each<[IsoDate, boolean, string]>([
    ['2025-09-28', true, 'Sunday worked for National Day 2025'],
    ['2025-09-30', true, 'Tuesday'],
    ['2025-10-01', false, 'National Day'],
    ['2025-10-06', false, 'Mid-Autumn Festival, inside the National Day block'],
    ['2025-10-08', false, 'last day of the 2025 block'],
    ['2025-10-09', true, 'Thursday after the block'],
    ['2025-10-11', true, 'Saturday worked for National Day 2025'],
    ['2025-10-12', false, 'Sunday'],
    ['2026-01-01', false, "New Year's Day"],
    ['2026-01-04', true, "Sunday worked for New Year's Day"],
    ['2026-02-13', true, 'Friday'],
    ['2026-02-14', true, 'Saturday worked for Spring Festival'],
    ['2026-02-15', false, 'first day of Spring Festival'],
    ['2026-02-20', false, 'Friday in the Spring Festival block'],
    ['2026-02-23', false, 'last day of Spring Festival (a Monday)'],
    ['2026-02-24', true, 'Tuesday after Spring Festival'],
    ['2026-02-28', true, 'Saturday worked for Spring Festival'],
    ['2026-09-20', true, 'Sunday worked for National Day 2026'],
    ['2026-09-25', false, 'Mid-Autumn Festival 2026 (its own block, Friday)'],
    ['2026-09-28', true, 'Monday'],
    ['2026-09-30', true, 'Wednesday'],
    ['2026-10-01', false, 'National Day'],
    ['2026-10-07', false, 'last day of the 2026 block'],
    ['2026-10-08', true, 'Thursday after the block'],
    ['2026-10-10', true, 'Saturday worked for National Day 2026'],
    ['2026-10-11', false, 'Sunday'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    expect(calendar.isWorkingDay(date)).toBe(expected);
  });

  it.each<[IsoDate, number, IsoDate]>([
    ['2026-09-29', 1, '2026-09-30'],
    ['2026-09-29', 2, '2026-10-08'], // National Day 2026 skipped
    ['2026-09-29', 4, '2026-10-10'], // the working Saturday counts
    ['2026-09-29', 5, '2026-10-12'],
    ['2026-09-29', 20, '2026-11-02'],
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-02-14', 1, '2026-02-24'],
    ['2026-02-27', 1, '2026-02-28'],
    ['2025-09-26', 1, '2025-09-28'], // Friday → the working Sunday
    ['2025-09-30', 1, '2025-10-09'],
    ['2025-12-31', 1, '2026-01-04'], // across the year, onto a working Sunday
    ['2026-10-01', 0, '2026-10-01'], // n = 0 is the day itself
  ])('addWorkingDays(%s, %i) is %s', (date, n, expected) => {
    expect(calendar.addWorkingDays(date, n)).toBe(expected);
    expect(calendar.countWorkingDays(date, expected)).toBe(n);
  });

  it.each<[IsoDate, IsoDate, number]>([
    ['2026-09-30', '2026-10-07', 0],
    ['2026-02-13', '2026-02-28', 6], // Feb 14, 24, 25, 26, 27, 28
    ['2025-09-27', '2025-10-12', 6], // Sep 28 (Sunday worked), 29, 30, Oct 9, 10, 11 (Saturday worked)
    ['2026-11-02', '2026-09-29', -20], // reversed: negative
  ])('countWorkingDays(%s, %s) agrees with a day-by-day count', (from, to, expected) => {
    const n = calendar.countWorkingDays(from, to);
    expect(n).toBe(from <= to ? naiveCount(from, to) : -naiveCount(to, from));
    expect(n).toBe(expected);
  });

  it('counts calendar days as a plain difference', () => {
    expect(calendar.countCalendarDays('2026-09-29', '2026-10-29')).toBe(30);
    expect(calendar.addCalendarDays('2026-09-01', 30)).toBe('2026-10-01');
    expect(calendar.addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it.each<[IsoDate, IsoDate]>([
    ['2026-10-01', '2026-10-08'],
    ['2026-10-10', '2026-10-10'],
    ['2026-10-11', '2026-10-12'],
    ['2026-02-15', '2026-02-24'],
  ])('nextWorkingDayOnOrAfter(%s) is %s', (date, expected) => {
    expect(calendar.nextWorkingDayOnOrAfter(date)).toBe(expected);
  });

  describe('years the data does not cover', () => {
    it('treats Monday to Friday as working days, holidays or not', () => {
      expect(calendar.isWorkingDay('2027-01-01')).toBe(true); // a Friday, surely New Year's Day off in reality
      expect(calendar.isWorkingDay('2027-01-02')).toBe(false);
      expect(calendar.addWorkingDays('2030-09-30', 1)).toBe('2030-10-01');
      expect(calendar.isComplete('2030-09-30', '2030-10-01')).toBe(false);
    });

    it('becomes complete for a year once its schedule is loaded', () => {
      const loaded = WorkingCalendar.create({ schedules: [schedule2027] });
      expect(loaded.coversYear(2027)).toBe(true);
      expect(loaded.isComplete('2026-12-01', '2027-03-01')).toBe(true);
      expect(loaded.scheduleFor(2027)?.source).toBe('test: made-up 2027');
      expect(loaded.isWorkingDay('2027-01-01')).toBe(false);
      expect(loaded.isWorkingDay('2027-01-30')).toBe(true); // a Saturday made a working day
      expect(loaded.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
      expect(loaded.addWorkingDays('2027-02-05', 1)).toBe('2027-02-15');
      // 2026 is untouched
      expect(loaded.addWorkingDays('2026-09-29', 20)).toBe('2026-11-02');
    });

    it('replaces, not merges, a bundled year', () => {
      const corrected = WorkingCalendar.create({
        schedules: [{ year: 2026, holidays: ['2026-10-01', '2026-10-02'], workdays: [], source: 'test: corrected 2026' }],
      });
      expect(corrected.isWorkingDay('2026-10-05')).toBe(true); // dropped from the corrected list
      expect(corrected.isWorkingDay('2026-10-10')).toBe(false); // no longer a working Saturday
      expect(corrected.isWorkingDay('2026-10-01')).toBe(false);
      expect(corrected.isWorkingDay('2026-02-16')).toBe(true);
      expect(corrected.isWorkingDay('2025-10-01')).toBe(false); // other years keep the bundled data
    });

    it('rejects two schedules for one year and an invalid schedule', () => {
      expect(() => WorkingCalendar.create({ schedules: [schedule2027, schedule2027] })).toThrow('two schedules given for 2027');
      expect(() => WorkingCalendar.create({ schedules: [{ ...schedule2027, workdays: ['2027-01-01'] }] })).toThrow(/also listed in holidays/);
    });

    it('can run on loaded schedules only', () => {
      const bare = WorkingCalendar.create({ bundled: false, schedules: [schedule2027] });
      expect(bare.coveredYears()).toEqual([2027]);
      expect(bare.isWorkingDay('2026-10-01')).toBe(true);
    });
  });

  describe('range and arguments', () => {
    it('covers 2000-01-01..2100-12-31 and refuses dates outside', () => {
      expect(WorkingCalendar.range).toEqual({ from: '2000-01-01', to: '2100-12-31' });
      expect(() => calendar.isWorkingDay('1999-12-31')).toThrow(RangeError);
      expect(() => calendar.addWorkingDays('2100-12-30', 5)).toThrow(/past 2100-12-31/);
      expect(() => calendar.addCalendarDays('2100-12-31', 1)).toThrow(RangeError);
    });

    it('refuses a negative or fractional number of working days', () => {
      expect(() => calendar.addWorkingDays('2026-10-01', -1)).toThrow(RangeError);
      expect(() => calendar.addWorkingDays('2026-10-01', 1.5)).toThrow(RangeError);
    });
  });

  describe('properties', () => {
    const dayIn = (fromYear: number, toYear: number) =>
      fc.integer({ min: toEpochDay(`${fromYear}-01-01`), max: toEpochDay(`${toYear}-12-31`) }).map(fromEpochDay);
    // 2002–2029 spans covered and uncovered years on both sides.
    const anyDay = dayIn(2002, 2029);

    it('agrees with the day-by-day reference on every day', () => {
      for (let d = '2002-01-01'; d <= '2029-12-31'; d = addDays(d, 1)) expect(calendar.isWorkingDay(d)).toBe(naiveIsWorking(d));
    });

    // The package's own functions read dates in the process time zone and get weekdays wrong west
    // of UTC (under TZ=America/New_York, isWorkday('2004-01-03'), a Saturday, is true). Jest cannot
    // switch the time zone of its own process, so the package answers from a child process of its own
    // run in Shanghai's zone: the comparison runs, and means the same, whatever zone this machine is in.
    it('agrees with chinese-days isWorkday (asked in Asia/Shanghai) on every day of 2004–2026, in any process time zone', () => {
      const script = `const c = require('chinese-days'); const out = []; for (let t = Date.UTC(2004, 0, 1); t <= Date.UTC(2026, 11, 31); t += 864e5) { const d = new Date(t).toISOString().slice(0, 10); if (c.isWorkday(d)) out.push(d); } process.stdout.write(JSON.stringify(out));`;
      const workdays = new Set<string>(
        JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, TZ: 'Asia/Shanghai' }, encoding: 'utf8' })),
      );
      expect(workdays.size).toBeGreaterThan(5000);
      for (let d = '2004-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) expect([d, calendar.isWorkingDay(d)]).toEqual([d, workdays.has(d)]);
    });

    it('counts like the day-by-day reference on random ranges', () => {
      fc.assert(
        fc.property(anyDay, fc.integer({ min: 0, max: 800 }), (from, span) => {
          const to = addDays(from, span);
          expect(calendar.countWorkingDays(from, to)).toBe(naiveCount(from, to));
        }),
      );
    });

    it('adds like the day-by-day reference', () => {
      fc.assert(
        fc.property(anyDay, fc.integer({ min: 0, max: 400 }), (from, n) => {
          expect(calendar.addWorkingDays(from, n)).toBe(naiveAdd(from, n));
        }),
      );
    });

    it('addWorkingDays and countWorkingDays are inverse', () => {
      fc.assert(
        fc.property(anyDay, fc.integer({ min: 1, max: 600 }), (from, n) => {
          const to = calendar.addWorkingDays(from, n);
          expect(calendar.isWorkingDay(to)).toBe(true);
          expect(calendar.countWorkingDays(from, to)).toBe(n);
          expect(calendar.countWorkingDays(from, addDays(to, -1))).toBe(n - 1); // the n-th, not a later one
        }),
      );
      fc.assert(
        fc.property(anyDay, anyDay, (a, b) => {
          const [from, to] = a <= b ? [a, b] : [b, a];
          const n = calendar.countWorkingDays(from, to);
          // adding back lands on the last working day on or before `to` (or on `from` when n = 0)
          const back = calendar.addWorkingDays(from, n);
          expect(back <= to).toBe(true);
          expect(calendar.countWorkingDays(back, to)).toBe(0);
        }),
      );
    });
  });
});
