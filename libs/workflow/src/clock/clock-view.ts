// What the clock shows on a given day: deadlines, elapsed and remaining days, SLA level.
// Rules: DOMAIN.md, "Counting the clock"; the shape is API.md's `sla` block.
import type { ClockStatus, Limit, LimitUnit, SlaLevel } from '@permits/contracts/enums';
import { addDays, fromEpochDay, type IsoDate, maxDate, toEpochDay, type WorkingCalendar } from '../calendar';
import { type ClockState, ClockTransitionError, effectiveStatutoryLimit, extendClock, lastEventDate } from './clock-state';

export interface SlaThresholds {
  /** Yellow from this many counted days before the committed deadline (DOMAIN.md: 2, configurable). */
  yellowWithinDays: number;
}

export const DEFAULT_THRESHOLDS: SlaThresholds = { yellowWithinDays: 2 };

export interface ClockView {
  clock: ClockStatus;
  /** The configured limit, plus the extension's days when the limit counts working days (a calendar-day limit's extension shows in its deadline only). */
  statutoryLimit: Limit;
  committedLimit: Limit;
  /** The statutory deadline in force: moved off a rest day, out by pauses, and by the extension's working days. */
  statutoryDeadline: IsoDate | null;
  /** The committed deadline in force (moved off a rest day and out by pauses). */
  committedDeadline: IsoDate | null;
  /**
   * Counted days so far, never including paused spans, in the committed limit's unit (the one the
   * applicant is promised).
   */
  elapsedDays: number;
  /**
   * Counted days (committed unit) after today up to and including the committed deadline in force;
   * negative, the counted days after that deadline, once it has passed. With no deadline moved off a
   * rest day this is committedLimit.days − elapsedDays.
   */
  remainingDays: number;
  /**
   * Once stopped: the counted days (statutory unit) after the decision day up to and including the
   * statutory deadline in force before any extension; negative, the counted days late (DOMAIN.md).
   */
  daysSaved: number | null;
  level: SlaLevel;
  /** False when a date used here falls in a year the calendar has no schedule for (Mon–Fri assumed). */
  calendarComplete: boolean;
}

/**
 * The `sla` block of a case on `today` (Shanghai date; expected on or after the clock's last event).
 * Counting starts the day after acceptance; a deadline is the N-th counted day, moved to the next
 * working day when a calendar-day count ends on a rest day. The moved deadline is the one in force.
 */
export function viewClock(s: ClockState, today: IsoDate, calendar: WorkingCalendar, thresholds: SlaThresholds = DEFAULT_THRESHOLDS): ClockView {
  const statutoryLimit = shownStatutoryLimit(s);
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
  const deadlines = deadlinesInForce(s, spans, calendar);
  const committed = new Counter(committedLimit.unit, calendar);
  const remainingDays = committed.remaining(spans, asOf, deadlines.committed);

  return {
    clock: s.status,
    statutoryLimit,
    committedLimit,
    statutoryDeadline: deadlines.statutory,
    committedDeadline: deadlines.committed,
    elapsedDays: committed.elapsed(spans),
    remainingDays,
    daysSaved: s.status === 'stopped' ? new Counter(s.statutoryLimit.unit, calendar).remaining(spans, asOf, deadlines.statutoryBeforeExtension) : null,
    level: levelOf(asOf, remainingDays, deadlines.statutory, thresholds),
    calendarComplete: calendar.isComplete(s.acceptedOn, maxDate(asOf, deadlines.statutory, deadlines.committed)),
  };
}

/**
 * Red once the statutory deadline in force has passed; yellow from `yellowWithinDays` counted days
 * before the committed deadline in force, and after it; green before.
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
  const deadlines = deadlinesInForce(s, spans, calendar);
  const redOn = addDays(deadlines.statutory, 1);

  // Running, the deadlines stay put; yellow on the first day from the last (re)start on which at most
  // `yellowWithinDays` counted days remain before the committed deadline (remaining only shrinks).
  const committed = new Counter(s.committedLimit.unit, calendar);
  const within = (d: IsoDate) => committed.remaining(spans, d, deadlines.committed) <= thresholds.yellowWithinDays;
  let yellowAt = spans.lastStart;
  if (!within(yellowAt)) {
    let lo = toEpochDay(spans.lastStart); // not within
    let hi = toEpochDay(maxDate(deadlines.committed, spans.lastStart)); // within: 0 remain on the deadline
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (within(fromEpochDay(mid))) hi = mid;
      else lo = mid;
    }
    yellowAt = fromEpochDay(hi);
  }
  const yellowOn = yellowAt < redOn ? yellowAt : null;

  const notPast = (d: IsoDate | null) => (d !== null && d >= reference ? d : null);
  return { yellowOn: notPast(yellowOn), redOn: notPast(redOn) };
}

/**
 * The statutory deadline in force on `today` (the extended one, if extended), or null when the clock
 * has not started. An extension is only granted before it has passed (API.md: 409 after).
 */
export function statutoryDeadlineOn(s: ClockState, today: IsoDate, calendar: WorkingCalendar): IsoDate | null {
  if (s.status === 'not_started' || !s.acceptedOn) return null;
  return deadlinesInForce(s, countingSpans(s, s.stoppedOn ?? today), calendar).statutory;
}

/**
 * The acceptance stage's own deadline (DOMAIN.md: 5 working days, 3 days for discharge permits),
 * counted like the clock: from the day after receipt.
 */
export function acceptanceDeadline(receivedOn: IsoDate, limit: Limit, calendar: WorkingCalendar): { deadline: IsoDate; calendarComplete: boolean } {
  const deadline = new Counter(limit.unit, calendar).deadline({ closed: [], lastStart: receivedOn, end: receivedOn }, limit.days);
  return { deadline, calendarComplete: calendar.isComplete(receivedOn, deadline) };
}

/**
 * The extension as API.md has it: 1 to 10 working days, once, approved by a head, only while the
 * statutory deadline in force has not passed (`deadline_passed`, 409, after it).
 */
export function extendStatutoryLimit(
  s: ClockState,
  extension: { days: number; reason: string; by: string },
  today: IsoDate,
  calendar: WorkingCalendar,
): ClockState {
  const next = extendClock(s, extension, today); // input, state and once-only checks first
  const deadline = statutoryDeadlineOn(s, today, calendar);
  if (deadline !== null && today > deadline)
    throw new ClockTransitionError('deadline_passed', `the statutory deadline passed on ${deadline}: it can no longer be extended`);
  return next;
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

/** The deadlines in force: committed, statutory before the extension, and statutory with it. */
function deadlinesInForce(
  s: ClockState,
  spans: Spans,
  calendar: WorkingCalendar,
): { committed: IsoDate; statutory: IsoDate; statutoryBeforeExtension: IsoDate } {
  const statutoryBeforeExtension = new Counter(s.statutoryLimit.unit, calendar).deadline(spans, s.statutoryLimit.days);
  const statutory = s.extension ? new Counter('working', calendar).deadlineAfter(spans, statutoryBeforeExtension, s.extension.days) : statutoryBeforeExtension;
  return { committed: new Counter(s.committedLimit.unit, calendar).deadline(spans, s.committedLimit.days), statutory, statutoryBeforeExtension };
}

/** The statutory limit as the `sla` block shows it (see ClockView.statutoryLimit). */
function shownStatutoryLimit(s: ClockState): Limit {
  return s.statutoryLimit.unit === 'working' ? effectiveStatutoryLimit(s) : { ...s.statutoryLimit };
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

  /**
   * Counted days after `asOf` up to and including `deadline`; negative, the counted days (inside the
   * counting spans, up to `spans.end`) after the deadline, once `asOf` is past it.
   */
  remaining(spans: Spans, asOf: IsoDate, deadline: IsoDate): number {
    if (asOf <= deadline) return this.count(asOf, deadline);
    const late =
      spans.closed.reduce((n, [from, to]) => n + this.count(maxDate(from, deadline), to), 0) + this.count(maxDate(spans.lastStart, deadline), spans.end);
    return late === 0 ? 0 : -late; // past a Friday deadline on the Saturday: 0 working days late, not -0
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

  /** The n-th counted day after `after` (itself a day in force), counting only inside the spans: an extension added to a deadline. */
  deadlineAfter(spans: Spans, after: IsoDate, n: number): IsoDate {
    let left = n;
    for (const [from, to] of spans.closed) {
      const start = maxDate(from, after);
      const counted = this.count(start, to);
      if (counted >= left) return this.add(start, left);
      left -= counted;
    }
    return this.add(maxDate(spans.lastStart, after), left);
  }
}
