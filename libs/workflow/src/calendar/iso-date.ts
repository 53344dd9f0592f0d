// Calendar dates as 'YYYY-MM-DD' strings, with arithmetic on epoch days (days since
// 1970-01-01, counted in UTC). Nothing here reads the process time zone: a date is a
// label, not an instant, so the same code gives the same answer under any TZ.

import { isIsoDate, type IsoDate } from '@permits/core/date';

// The date type and its check are @permits/core's, the one YYYY-MM-DD check of the code base (re-exported for
// the engine's own modules, which read the calendar from here).
export { isIsoDate, type IsoDate } from '@permits/core/date';

const MS_PER_DAY = 86_400_000;
/** China has had no daylight saving time since 1991: Asia/Shanghai is always UTC+8. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Days since 1970-01-01. Throws a RangeError on a malformed date. */
export function toEpochDay(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  // setUTCFullYear, not Date.UTC, which reads the years 0-99 as 1900-1999
  return new Date(0).setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

export function fromEpochDay(day: number): IsoDate {
  if (!Number.isInteger(day)) throw new RangeError(`epoch day must be an integer: ${day}`);
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The date in Shanghai at the given instant. */
export function shanghaiDate(instant: Date): IsoDate {
  return fromEpochDay(Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** The same day `years` later; a 29 February with no counterpart falls on 28 February (2028-02-29 + 5 = 2033-02-28). */
export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return fromEpochDay(Date.UTC(y + years, m - 1, Math.min(d, lastDay)) / MS_PER_DAY);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. 1970-01-01 was a Thursday. */
export function dayOfWeek(date: IsoDate): number {
  return epochDayOfWeek(toEpochDay(date));
}

export function epochDayOfWeek(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function yearOf(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return Number(date.slice(0, 4));
}

/** The later of the given dates (ISO strings of four-digit years sort as dates). */
export function maxDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((a, b) => (b > a ? b : a), first);
}
