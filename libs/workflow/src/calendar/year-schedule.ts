// One year of the State Council's holiday schedule, and the parsers for an administrator's
// upload of it (JSON or ICS). The schedule is published each November and sometimes
// corrected mid-year (DOMAIN.md, "Counting the clock"), so it is data, not code.
import { addDays, dayOfWeek, isIsoDate, type IsoDate, shanghaiDate, toEpochDay, yearOf } from './iso-date';

/** The years the calendar can compute over (its precomputed tables span exactly these). */
export const FIRST_SUPPORTED_YEAR = 2000;
export const LAST_SUPPORTED_YEAR = 2100;

export interface YearSchedule {
  year: number;
  /** Days off: public holidays and the rest days of their 调休 blocks (weekends included). */
  holidays: IsoDate[];
  /** Adjusted working weekends (调休上班). */
  workdays: IsoDate[];
  /** Where the data came from, e.g. 'chinese-days@1.5.7' or 'upload by admin@… 2026-11-05'. */
  source: string;
}

/**
 * Validates an uploaded schedule (already parsed from JSON) and returns a normalised copy with
 * sorted lists. Throws an Error naming the bad field.
 */
export function parseYearScheduleJson(input: unknown, defaultSource = 'upload'): YearSchedule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error('year schedule: expected an object { year, holidays, workdays, source? }');
  }
  const obj = input as Record<string, unknown>;
  const year = obj.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new Error(`year schedule: year must be an integer from ${FIRST_SUPPORTED_YEAR} to ${LAST_SUPPORTED_YEAR}, got ${JSON.stringify(year)}`);
  }
  if (obj.source !== undefined && (typeof obj.source !== 'string' || obj.source.trim() === '')) {
    throw new Error('year schedule: source must be a non-empty string when given');
  }
  const holidays = dateList(obj.holidays, 'holidays', year);
  const workdays = dateList(obj.workdays, 'workdays', year);

  const holidaySet = new Set(holidays);
  workdays.forEach((d, i) => {
    if (holidaySet.has(d)) throw new Error(`year schedule ${year}: workdays[${i}] ${d} is also listed in holidays`);
    // An adjusted working day is always a Saturday or Sunday; a weekday here is a typo.
    const dow = dayOfWeek(d);
    if (dow !== 0 && dow !== 6) {
      throw new Error(`year schedule ${year}: workdays[${i}] ${d} is a weekday, already a working day`);
    }
  });
  return { year, holidays, workdays, source: (obj.source as string | undefined) ?? defaultSource };
}

function dateList(value: unknown, field: 'holidays' | 'workdays', year: number): IsoDate[] {
  if (!Array.isArray(value)) throw new Error(`year schedule ${year}: ${field} must be an array of YYYY-MM-DD dates`);
  const seen = new Set<IsoDate>();
  value.forEach((d: unknown, i) => {
    if (!isIsoDate(d)) throw new Error(`year schedule ${year}: ${field}[${i}] is not a YYYY-MM-DD date: ${JSON.stringify(d)}`);
    if (yearOf(d) !== year) throw new Error(`year schedule ${year}: ${field}[${i}] ${d} is not in ${year}`);
    if (seen.has(d)) throw new Error(`year schedule ${year}: ${field}[${i}] ${d} is listed twice`);
    seen.add(d);
  });
  return [...seen].sort();
}

// ---------------------------------------------------------------------------------------------
// ICS (RFC 5545), as published by chinese-days (node_modules/chinese-days/dist/holidays.ics) and
// by the usual holiday-calendar feeds: one all-day VEVENT per block, DTEND exclusive, SUMMARY
// '春节(休)' for days off and '春节(班)' for adjusted working days (the English feed says
// 'Spring Festival(Holiday)' / '(Workday)'; Apple's X-APPLE-SPECIAL-DAY says the same).

type DayKind = 'holiday' | 'workday';

/**
 * Reads the days of `year` from an ICS text; events of other years are ignored, multi-day events
 * are expanded. Throws when an event is neither a holiday nor an adjusted workday, or when the
 * file holds nothing for that year.
 */
export function parseYearScheduleIcs(text: string, year: number, source = 'ics upload'): YearSchedule {
  const holidays: IsoDate[] = [];
  const workdays: IsoDate[] = [];
  for (const event of readEvents(text)) {
    const days = expand(event).filter((d) => yearOf(d) === year);
    if (days.length > 0) (classify(event) === 'holiday' ? holidays : workdays).push(...days);
  }
  if (holidays.length === 0 && workdays.length === 0) throw new Error(`ics: no holiday or workday events in ${year}`);
  // Overlapping events may repeat a day; the JSON validator would call that a duplicate.
  return parseYearScheduleJson({ year, holidays: [...new Set(holidays)], workdays: [...new Set(workdays)], source });
}

/** Property name → value (parameters dropped; a property given twice keeps the first). */
type IcsEvent = Map<string, string>;

function readEvents(text: string): IcsEvent[] {
  // Unfold continuation lines (CRLF or LF followed by a space or tab), then split.
  const lines = text
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n');
  const events: IcsEvent[] = [];
  let current: IcsEvent | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = new Map();
    else if (line === 'END:VEVENT') {
      if (current) events.push(current);
      current = null;
    } else if (current) {
      const m = /^([A-Za-z0-9-]+)(?:;[^:]*)?:(.*)$/.exec(line);
      if (m && !current.has(m[1].toUpperCase())) current.set(m[1].toUpperCase(), m[2]);
    }
  }
  return events;
}

function classify(event: IcsEvent): DayKind {
  const summary = event.get('SUMMARY') ?? '';
  if (/[(（]\s*(休|holiday)\s*[)）]/i.test(summary)) return 'holiday';
  if (/[(（]\s*(班|workday)\s*[)）]/i.test(summary)) return 'workday';
  const apple = event.get('X-APPLE-SPECIAL-DAY');
  if (apple === 'WORK-HOLIDAY') return 'holiday';
  if (apple === 'ALTERNATE-WORKDAY') return 'workday';
  const description = event.get('DESCRIPTION')?.trim();
  if (description === '休') return 'holiday';
  if (description === '班') return 'workday';
  throw new Error(`ics: event ${JSON.stringify(summary)} (DTSTART ${event.get('DTSTART') ?? '?'}) is neither a holiday (休) nor an adjusted workday (班)`);
}

/** The days an event covers: [DTSTART, DTEND) for all-day events, or DTSTART + DURATION, or one day. */
function expand(event: IcsEvent): IsoDate[] {
  const start = event.get('DTSTART');
  if (!start) throw new Error(`ics: event ${JSON.stringify(event.get('SUMMARY') ?? '')} has no DTSTART`);
  const first = icsDate(start, 'DTSTART').date;
  let days = 1;
  const end = event.get('DTEND');
  const duration = event.get('DURATION');
  if (end) {
    // DTEND is exclusive: a date (or a midnight) ends the event the day before.
    const last = icsDate(end, 'DTEND');
    days = toEpochDay(last.date) - toEpochDay(first) + (last.midnight ? 0 : 1);
  } else if (duration) {
    const m = /^P(\d+)([DW])$/.exec(duration);
    if (!m) throw new Error(`ics: unsupported DURATION ${duration} (only PnD or PnW)`);
    days = Number(m[1]) * (m[2] === 'W' ? 7 : 1);
  }
  if (days < 1 || days > 366) throw new Error(`ics: event starting ${first} has an invalid length of ${days} days`);
  return Array.from({ length: days }, (_, i) => addDays(first, i));
}

/** 20260215 (a date), 20260215T090000 (floating, taken as Shanghai) or 20260215T010000Z (UTC). */
function icsDate(value: string, field: string): { date: IsoDate; midnight: boolean } {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value.trim());
  const date = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  if (!m || !isIsoDate(date)) throw new Error(`ics: ${field} is not a date: ${JSON.stringify(value)}`);
  if (m[4] === undefined) return { date, midnight: true };
  if (m[7] !== 'Z') return { date, midnight: `${m[4]}${m[5]}${m[6]}` === '000000' };
  const instant = new Date(`${date}T${m[4]}:${m[5]}:${m[6]}Z`);
  const local = shanghaiDate(instant);
  return { date: local, midnight: shanghaiDate(new Date(instant.getTime() - 1)) !== local };
}
