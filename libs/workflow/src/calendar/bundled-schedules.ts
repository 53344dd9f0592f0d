// The schedules that ship with the npm package `chinese-days` (2004–2026 in 1.5.7).
// Its chinese-days.json holds three maps keyed by 'YYYY-MM-DD', values 'English,中文,days':
//   holidays   – every day off of a holiday block, weekends inside the block included;
//   workdays   – adjusted working weekends (调休上班);
//   inLieuDays – the weekdays off that those weekends pay for: a subset of `holidays`,
//                informational only, so not needed to tell working days from rest days.
// The package itself treats any other year as plain Monday–Friday without saying so, which is
// why coverage is derived here from the years that actually appear in the data.
import chineseDays from 'chinese-days/dist/chinese-days.json';
import { version } from 'chinese-days/package.json';
import type { IsoDate } from './iso-date';
import type { YearSchedule } from './year-schedule';

interface ChineseDaysData {
  holidays: Record<IsoDate, string>;
  workdays: Record<IsoDate, string>;
  inLieuDays: Record<IsoDate, string>;
}

export const BUNDLED_SOURCE = `chinese-days@${version}`;

/** One schedule per year present in the package data, lists sorted. */
export function bundledSchedules(): YearSchedule[] {
  const data = chineseDays as ChineseDaysData;
  const byYear = new Map<number, YearSchedule>();
  const entry = (date: IsoDate): YearSchedule => {
    const year = Number(date.slice(0, 4));
    let s = byYear.get(year);
    if (!s) byYear.set(year, (s = { year, holidays: [], workdays: [], source: BUNDLED_SOURCE }));
    return s;
  };
  for (const d of Object.keys(data.holidays)) entry(d).holidays.push(d);
  for (const d of Object.keys(data.workdays)) entry(d).workdays.push(d);
  return [...byYear.values()].map((s) => ({ ...s, holidays: s.holidays.sort(), workdays: s.workdays.sort() })).sort((a, b) => a.year - b.year);
}
