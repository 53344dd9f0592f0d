// The working-day calendar: which days the State Council's schedule makes working days
// (weekdays, minus public holidays, plus adjusted working weekends — DOMAIN.md, "Counting
// the clock"), and O(1) arithmetic over them.
//
// Every day from 2000-01-01 to 2100-12-31 gets a working-day ordinal (working days up to and
// including it), so counting is a subtraction and adding is an array lookup.
import { bundledSchedules } from './bundled-schedules';
import { epochDayOfWeek, fromEpochDay, type IsoDate, toEpochDay, yearOf } from './iso-date';
import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, parseYearScheduleJson, type YearSchedule } from './year-schedule';

const FIRST_DAY = toEpochDay(`${FIRST_SUPPORTED_YEAR}-01-01`);
const LAST_DAY = toEpochDay(`${LAST_SUPPORTED_YEAR}-12-31`);

export interface WorkingCalendarOptions {
  /** Administrator-loaded schedules; each one replaces the bundled data of its year. */
  schedules?: YearSchedule[];
  /** Start from the chinese-days package data (default true). False: only `schedules`. */
  bundled?: boolean;
}

export class WorkingCalendar {
  private constructor(
    private readonly schedules: ReadonlyMap<number, YearSchedule>,
    /** working[i] = 1 when FIRST_DAY + i is a working day. */
    private readonly working: Uint8Array,
    /** ordinal[i] = working days in [FIRST_DAY, FIRST_DAY + i]. */
    private readonly ordinal: Int32Array,
    /** nth[k] = index of the (k+1)-th working day, i.e. the inverse of `ordinal`. */
    private readonly nth: Int32Array,
  ) {}

  static create(options: WorkingCalendarOptions = {}): WorkingCalendar {
    const schedules = new Map<number, YearSchedule>();
    if (options.bundled ?? true) for (const s of bundledSchedules()) schedules.set(s.year, s);
    const overridden = new Set<number>();
    for (const raw of options.schedules ?? []) {
      const s = parseYearScheduleJson(raw, raw.source);
      if (overridden.has(s.year)) throw new Error(`working calendar: two schedules given for ${s.year}`);
      overridden.add(s.year);
      schedules.set(s.year, s); // replaces, never merges: a corrected schedule may drop a day
    }

    const size = LAST_DAY - FIRST_DAY + 1;
    const working = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const dow = epochDayOfWeek(FIRST_DAY + i);
      working[i] = dow === 0 || dow === 6 ? 0 : 1; // Monday–Friday; also the fallback for uncovered years
    }
    for (const s of schedules.values()) {
      for (const d of s.holidays) working[toEpochDay(d) - FIRST_DAY] = 0;
      for (const d of s.workdays) working[toEpochDay(d) - FIRST_DAY] = 1;
    }

    const ordinal = new Int32Array(size);
    const nth = new Int32Array(size);
    let count = 0;
    for (let i = 0; i < size; i++) {
      if (working[i]) nth[count++] = i;
      ordinal[i] = count;
    }
    return new WorkingCalendar(schedules, working, ordinal, nth.slice(0, count));
  }

  /** First and last date the calendar can compute over. */
  static readonly range = { from: fromEpochDay(FIRST_DAY), to: fromEpochDay(LAST_DAY) } as const;

  isWorkingDay(date: IsoDate): boolean {
    return this.working[this.index(date)] === 1;
  }

  /** Whether the year's schedule is known (bundled or loaded); otherwise it counts as Mon–Fri. */
  coversYear(year: number): boolean {
    return this.schedules.has(year);
  }

  coveredYears(): number[] {
    return [...this.schedules.keys()].sort((a, b) => a - b);
  }

  /** The schedule in force for a year, if covered (bundled or loaded). */
  scheduleFor(year: number): YearSchedule | undefined {
    return this.schedules.get(year);
  }

  /** True when every year touched by the range (either order) is covered. */
  isComplete(from: IsoDate, to: IsoDate): boolean {
    let [a, b] = [yearOf(from), yearOf(to)];
    if (a > b) [a, b] = [b, a];
    for (let y = a; y <= b; y++) if (!this.schedules.has(y)) return false;
    return true;
  }

  /** Working days in (fromExclusive, toInclusive]; negative when `to` is before `from`. */
  countWorkingDays(fromExclusive: IsoDate, toInclusive: IsoDate): number {
    return this.ordinal[this.index(toInclusive)] - this.ordinal[this.index(fromExclusive)];
  }

  /** Calendar days in (fromExclusive, toInclusive]; negative when `to` is before `from`. */
  countCalendarDays(fromExclusive: IsoDate, toInclusive: IsoDate): number {
    return this.index(toInclusive) - this.index(fromExclusive);
  }

  /** The n-th working day strictly after `date` (n = 0 gives `date` itself). */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days to add must be a whole number >= 0: ${n}`);
    if (n === 0) return date;
    const k = this.ordinal[this.index(date)] + n; // the k-th working day since FIRST_DAY
    if (k > this.nth.length) throw new RangeError(`${n} working days after ${date} is past ${WorkingCalendar.range.to}`);
    return fromEpochDay(FIRST_DAY + this.nth[k - 1]);
  }

  /** `date` plus n calendar days (n may be negative), within the supported range. */
  addCalendarDays(date: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n)) throw new RangeError(`calendar days to add must be a whole number: ${n}`);
    const i = this.index(date) + n;
    if (i < 0 || i > LAST_DAY - FIRST_DAY) throw new RangeError(`${date} + ${n} days is outside the supported range`);
    return fromEpochDay(FIRST_DAY + i);
  }

  nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
    return this.isWorkingDay(date) ? date : this.addWorkingDays(date, 1);
  }

  private index(date: IsoDate): number {
    const day = toEpochDay(date);
    if (day < FIRST_DAY || day > LAST_DAY) {
      throw new RangeError(`${date} is outside the supported range ${WorkingCalendar.range.from}..${WorkingCalendar.range.to}`);
    }
    return day - FIRST_DAY;
  }
}
