// What the clock shows on a given day: deadlines, elapsed and remaining days, SLA level.
// Rules: DOMAIN.md, "Counting the clock"; the shape is API.md's `sla` block.
import type { ClockStatus, Limit, LimitUnit, SlaLevel } from '@permits/contracts/enums';
import { addDays, type IsoDate, maxDate, type WorkingCalendar } from '../calendar';
import { type ClockState, effectiveStatutoryLimit, lastEventDate } from './clock-state';

export interface SlaThresholds {
  /** Yellow from this many counted days before the committed deadline (DOMAIN.md: 2, configurable). */
  yellowWithinDays: number;
}

export const DEFAULT_THRESHOLDS: SlaThresholds = { yellowWithinDays: 2 };

export interface ClockView {
  clock: ClockStatus;
  /** Including the extension, if any. */
  statutoryLimit: Limit;
  committedLimit: Limit;
  statutoryDeadline: IsoDate | null;
  committedDeadline: IsoDate | null;
  /**
   * Counted days so far, never including paused spans, in the committed limit's unit (the one the
   * applicant is promised); when the statutory unit differs, daysSaved uses a count in that unit.
   */
  elapsedDays: number;
  /** committedLimit.days − elapsedDays; negative once overdue. */
  remainingDays: number;
  /** Once stopped: statutory limit (with extension) − counted days in the statutory unit. */
  daysSaved: number | null;
  level: SlaLevel;
  /** False when a date used here falls in a year the calendar has no schedule for (Mon–Fri assumed). */
  calendarComplete: boolean;
}

/**
 * The `sla` block of a case on `today` (Shanghai date; expected on or after the clock's last event).
 * Counting starts the day after acceptance; a deadline is the N-th counted day.
 */
export function viewClock(s: ClockState, today: IsoDate, calendar: WorkingCalendar, thresholds: SlaThresholds = DEFAULT_THRESHOLDS): ClockView {
  const statutoryLimit = effectiveStatutoryLimit(s);
  const committedLimit = { ...s.committedLimit };
  if (s.status === 'not_started' || !s.acceptedOn) {
    return {
      clock: 'not_started',
      statutoryLimit,
      committedLimit,
      statutoryDeadline: null,
      committedDeadline: null,
      elapsedDays: 0,
      remainingDays: committedLimit.days,
      daysSaved: null,
      level: 'green',
      calendarComplete: true, // nothing was computed over the calendar
    };
  }

  // A stopped clock is seen as on its stop day (DOMAIN.md: "the decision day counts").
  const asOf = s.stoppedOn ?? today;
  const spans = countingSpans(s, asOf);
  const statutory = new Counter(statutoryLimit.unit, calendar);
  const committed = new Counter(committedLimit.unit, calendar);
  const statutoryDeadline = statutory.deadline(spans, statutoryLimit.days);
  const committedDeadline = committed.deadline(spans, committedLimit.days);
  const elapsedDays = committed.elapsed(spans);
  const remainingDays = committedLimit.days - elapsedDays;

  return {
    clock: s.status,
    statutoryLimit,
    committedLimit,
    statutoryDeadline,
    committedDeadline,
    elapsedDays,
    remainingDays,
    daysSaved: s.status === 'stopped' ? statutoryLimit.days - statutory.elapsed(spans) : null,
    level: levelOf(asOf, remainingDays, statutoryDeadline, thresholds),
    calendarComplete: calendar.isComplete(s.acceptedOn, maxDate(asOf, statutoryDeadline, committedDeadline)),
  };
}

/**
 * Red once the statutory deadline has passed; yellow from `yellowWithinDays` counted days before
 * the committed deadline and after it; green before. "Counted days remaining" is remainingDays, so
 * for a calendar-day limit whose deadline moved off a rest day, yellow comes by that many days
 * earlier than the moved deadline: the conservative reading.
 */
function levelOf(asOf: IsoDate, remainingDays: number, statutoryDeadline: IsoDate, t: SlaThresholds): SlaLevel {
  if (asOf > statutoryDeadline) return 'red';
  return remainingDays <= t.yellowWithinDays ? 'yellow' : 'green';
}

/**
 * The first days on which a running clock turns yellow and red if nothing else changes, to
 * schedule alert timers (keyed by `s.version`). Null when the clock is not running, when the change
 * came before `today` (default: the clock's last event), or for yellow when red comes first.
 */
export function levelChangeDates(
  s: ClockState,
  calendar: WorkingCalendar,
  thresholds: SlaThresholds = DEFAULT_THRESHOLDS,
  today?: IsoDate,
): { yellowOn: IsoDate | null; redOn: IsoDate | null } {
  const reference = today ?? lastEventDate(s);
  if (s.status !== 'running' || !reference) return { yellowOn: null, redOn: null };

  const spans = countingSpans(s, reference);
  const statutoryLimit = effectiveStatutoryLimit(s);
  const redOn = addDays(new Counter(statutoryLimit.unit, calendar).deadline(spans, statutoryLimit.days), 1);

  // Yellow once elapsed reaches committed − threshold. Running, the clock counts on from the last
  // (re)start, so that is the k-th counted day after it; k <= 0 means yellow since the (re)start.
  const committed = new Counter(s.committedLimit.unit, calendar);
  const countedBefore = spans.closed.reduce((n, [from, to]) => n + committed.count(from, to), 0);
  const k = s.committedLimit.days - thresholds.yellowWithinDays - countedBefore;
  const yellowAt = k <= 0 ? spans.lastStart : committed.add(spans.lastStart, k, false);
  const yellowOn = yellowAt < redOn ? yellowAt : null;

  const notPast = (d: IsoDate | null) => (d !== null && d >= reference ? d : null);
  return { yellowOn: notPast(yellowOn), redOn: notPast(redOn) };
}

/**
 * The acceptance stage's own deadline (DOMAIN.md: 5 working days, 3 days for discharge permits),
 * counted like the clock: from the day after receipt.
 */
export function acceptanceDeadline(receivedOn: IsoDate, limit: Limit, calendar: WorkingCalendar): { deadline: IsoDate; calendarComplete: boolean } {
  const deadline = new Counter(limit.unit, calendar).deadline({ closed: [], lastStart: receivedOn, end: receivedOn }, limit.days);
  return { deadline, calendarComplete: calendar.isComplete(receivedOn, deadline) };
}

// ---------------------------------------------------------------------------------------------

/**
 * The spans in which the clock counts, each (from, to]: acceptance → first suspension day S (S
 * counts), resumption day R → next S (R does not count: "a resumption counts like an acceptance"),
 * and the open span from the last (re)start to `end`. A paused clock is treated as resuming on
 * `asOf` (DOMAIN.md: "while paused, deadlines are shown as if the clock resumed today"), so its
 * open span is empty and its deadlines move out day by day.
 */
interface Spans {
  closed: [from: IsoDate, to: IsoDate][];
  lastStart: IsoDate;
  end: IsoDate;
}

function countingSpans(s: ClockState, asOf: IsoDate): Spans {
  let start = s.acceptedOn as IsoDate;
  const closed: Spans['closed'] = [];
  for (const p of s.pauses) {
    closed.push([start, p.from]);
    start = p.to ?? maxDate(asOf, p.from);
  }
  return { closed, lastStart: start, end: s.stoppedOn ?? asOf };
}

/** Counting in one unit: working days, or calendar days with a rest-day deadline moved on. */
class Counter {
  constructor(
    private readonly unit: LimitUnit,
    private readonly calendar: WorkingCalendar,
  ) {}

  /** Counted days in (from, to], never negative. */
  count(from: IsoDate, to: IsoDate): number {
    if (to <= from) return 0;
    return this.unit === 'working' ? this.calendar.countWorkingDays(from, to) : this.calendar.countCalendarDays(from, to);
  }

  /** The n-th counted day after `from`; as a deadline, a calendar-day count ending on a rest day moves to the next working day. */
  add(from: IsoDate, n: number, asDeadline = true): IsoDate {
    if (this.unit === 'working') return this.calendar.addWorkingDays(from, n);
    const day = this.calendar.addCalendarDays(from, n);
    return asDeadline ? this.calendar.nextWorkingDayOnOrAfter(day) : day;
  }

  elapsed(spans: Spans): number {
    return spans.closed.reduce((n, [from, to]) => n + this.count(from, to), 0) + this.count(spans.lastStart, spans.end);
  }

  /**
   * The limit's N-th counted day. It may fall in a span before a suspension (the limit ran out
   * before the pause, so the pause cannot move it); otherwise it lies N − (counted so far) days
   * after the last (re)start.
   */
  deadline(spans: Spans, limit: number): IsoDate {
    let left = limit;
    for (const [from, to] of spans.closed) {
      const counted = this.count(from, to);
      if (counted >= left) return this.add(from, left);
      left -= counted;
    }
    return this.add(spans.lastStart, left);
  }
}
