// The statutory clock of one case as plain, JSON-safe data (stored in a jsonb column), and its
// transitions: pure functions (state, command, today) → new state. Rules: DOMAIN.md, "Counting
// the clock"; API.md, "The statutory clock".
import type { ClockStatus, Limit, LimitUnit, PauseReason } from '@permits/contracts/enums';
import { isIsoDate, type IsoDate, maxDate } from '../calendar';

export interface ClockPause {
  reason: PauseReason;
  /** Day S of the suspension: S itself still counts. */
  from: IsoDate;
  /** Day R of the resumption: days after S up to and including R do not count. Absent while paused. */
  to?: IsoDate;
  /** The length announced to the applicant in writing (informational: it does not end the pause). */
  expectedDays: number;
  /** The unit of `expectedDays` when it is not working days (a wait counted in calendar days). */
  expectedUnit?: LimitUnit;
  comment?: string;
}

export interface ClockExtension {
  days: number;
  reason: string;
  by: string;
  on: IsoDate;
}

export interface ClockState {
  status: ClockStatus;
  /** As configured for the sub-item; an extension is kept apart (see effectiveStatutoryLimit). */
  statutoryLimit: Limit;
  committedLimit: Limit;
  /** The acceptance day; counting starts the day after. */
  acceptedOn?: IsoDate;
  pauses: ClockPause[];
  extension?: ClockExtension;
  /** The decision (or withdrawal) day; it counts. */
  stoppedOn?: IsoDate;
  /** +1 on every change; alert timers are keyed by it. */
  version: number;
}

export type ClockTransitionReason =
  | 'already_started'
  | 'not_started'
  | 'not_running'
  | 'not_paused'
  | 'already_extended'
  | 'stopped'
  | 'date_before_last_event'
  | 'limits_not_longer'
  | 'deadline_passed';

/** An illegal transition (HTTP 409 through the `CLOCK_TRANSITION` code); `reason` says which. */
export class ClockTransitionError extends Error {
  readonly code = 'CLOCK_TRANSITION';
  constructor(
    readonly reason: ClockTransitionReason,
    message: string,
  ) {
    super(message);
    this.name = 'ClockTransitionError';
  }
}

/** A malformed argument (a bad date, a negative number of days): HTTP 400 through `INVALID_INPUT`. */
export class ClockInputError extends Error {
  readonly code = 'INVALID_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'ClockInputError';
  }
}

export function newClock(statutory: Limit, committed: Limit): ClockState {
  checkLimit(statutory, 'statutoryLimit');
  checkLimit(committed, 'committedLimit');
  return { status: 'not_started', statutoryLimit: { ...statutory }, committedLimit: { ...committed }, pauses: [], version: 0 };
}

/**
 * Starts the clock on the acceptance day. When acceptance was late, the caller passes the day the
 * application arrived (DOMAIN.md: it then counts as accepted from receipt).
 */
export function startClock(s: ClockState, acceptedOn: IsoDate): ClockState {
  if (s.status !== 'not_started') throw refused(s, 'already_started', 'start');
  checkDate(acceptedOn, 'acceptedOn');
  return { ...s, status: 'running', acceptedOn, version: s.version + 1 };
}

export function pauseClock(
  s: ClockState,
  pause: { reason: PauseReason; expectedDays: number; expectedUnit?: LimitUnit; comment?: string },
  today: IsoDate,
): ClockState {
  if (s.status !== 'running') throw refused(s, 'not_running', 'pause');
  checkToday(s, today);
  checkDays(pause.expectedDays, 'expectedDays', 0);
  const entry: ClockPause = { reason: pause.reason, from: today, expectedDays: pause.expectedDays };
  if (pause.expectedUnit === 'calendar') entry.expectedUnit = 'calendar';
  if (pause.comment !== undefined) entry.comment = pause.comment;
  return { ...s, status: 'paused', pauses: [...s.pauses, entry], version: s.version + 1 };
}

export function resumeClock(s: ClockState, today: IsoDate): ClockState {
  if (s.status !== 'paused') throw refused(s, 'not_paused', 'resume');
  checkToday(s, today);
  return { ...s, status: 'running', pauses: closeOpenPause(s.pauses, today), version: s.version + 1 };
}

/** Most working days one extension adds (Administrative License Law: 20 + 10 working days). */
export const MAX_EXTENSION_DAYS = 10;

/**
 * The once-only extension: 1 to 10 working days added to the statutory deadline in force. Whether
 * that deadline has passed needs the calendar: `extendStatutoryLimit` (clock-view) checks it too.
 */
export function extendClock(s: ClockState, extension: { days: number; reason: string; by: string }, today: IsoDate): ClockState {
  checkDays(extension.days, 'days', 1);
  if (extension.days > MAX_EXTENSION_DAYS) throw new ClockInputError(`days must be at most ${MAX_EXTENSION_DAYS} working days, got ${extension.days}`);
  if (s.status !== 'running' && s.status !== 'paused') throw refused(s, 'not_running', 'extend');
  if (s.extension) throw new ClockTransitionError('already_extended', `the statutory limit was already extended on ${s.extension.on}`);
  checkToday(s, today);
  if (!extension.reason.trim()) throw new ClockInputError('an extension needs a reason');
  if (!extension.by.trim()) throw new ClockInputError('an extension needs the approver');
  return { ...s, extension: { days: extension.days, reason: extension.reason, by: extension.by, on: today }, version: s.version + 1 };
}

/**
 * Moves a running (or paused) clock onto other limits, counted from the same acceptance: a key-management
 * discharge permit found to need an on-site check takes 45 days instead of 30 (the check is part of the
 * review, not a pause). Only to longer limits, and not after an extension (which applies to the old one).
 */
export function changeLimits(s: ClockState, limits: { statutory: Limit; committed: Limit }, today: IsoDate): ClockState {
  if (s.status !== 'running' && s.status !== 'paused') throw refused(s, 'not_running', 'change the limits of');
  checkToday(s, today);
  if (limits.statutory.unit !== s.statutoryLimit.unit || limits.committed.unit !== s.committedLimit.unit)
    throw new ClockInputError('the new limits must keep their units');
  if (limits.statutory.days <= s.statutoryLimit.days || limits.committed.days < s.committedLimit.days) {
    throw new ClockTransitionError('limits_not_longer', `the limits are already ${s.statutoryLimit.days}/${s.committedLimit.days} days`);
  }
  if (s.extension) throw new ClockTransitionError('already_extended', 'the statutory limit was extended; its limits no longer change');
  return { ...s, statutoryLimit: { ...limits.statutory }, committedLimit: { ...limits.committed }, version: s.version + 1 };
}

/**
 * Stops the clock on the decision day, which counts. A clock stopped while paused (a withdrawal
 * during expert review, say) closes the pause on the stop day: nothing after S counts.
 */
export function stopClock(s: ClockState, today: IsoDate): ClockState {
  if (s.status !== 'running' && s.status !== 'paused') throw refused(s, 'not_running', 'stop');
  checkToday(s, today);
  const pauses = s.status === 'paused' ? closeOpenPause(s.pauses, today) : s.pauses;
  return { ...s, status: 'stopped', pauses, stoppedOn: today, version: s.version + 1 };
}

/** The statutory limit including the extension, in the statutory unit. */
export function effectiveStatutoryLimit(s: ClockState): Limit {
  return { days: s.statutoryLimit.days + (s.extension?.days ?? 0), unit: s.statutoryLimit.unit };
}

/** The day of the latest recorded event; transitions may not be dated earlier. */
export function lastEventDate(s: ClockState): IsoDate | undefined {
  if (!s.acceptedOn) return undefined;
  const dates = [s.acceptedOn, ...s.pauses.flatMap((p) => (p.to ? [p.from, p.to] : [p.from]))];
  if (s.extension) dates.push(s.extension.on);
  if (s.stoppedOn) dates.push(s.stoppedOn);
  return maxDate(dates[0], ...dates.slice(1));
}

function closeOpenPause(pauses: ClockPause[], today: IsoDate): ClockPause[] {
  return pauses.map((p, i) => (i === pauses.length - 1 ? { ...p, to: today } : p));
}

function refused(s: ClockState, reason: ClockTransitionReason, action: string): ClockTransitionError {
  if (s.status === 'stopped') return new ClockTransitionError('stopped', `cannot ${action}: the clock stopped on ${s.stoppedOn}`);
  if (s.status === 'not_started' && reason !== 'already_started') {
    return new ClockTransitionError('not_started', `cannot ${action}: the clock has not started`);
  }
  return new ClockTransitionError(reason, `cannot ${action}: the clock is ${s.status}`);
}

function checkToday(s: ClockState, today: IsoDate): void {
  checkDate(today, 'today');
  const last = lastEventDate(s);
  if (last && today < last) {
    throw new ClockTransitionError('date_before_last_event', `${today} is before the clock's last event on ${last}`);
  }
}

function checkDate(value: IsoDate, field: string): void {
  if (!isIsoDate(value)) throw new ClockInputError(`${field} must be a YYYY-MM-DD date, got ${JSON.stringify(value)}`);
}

function checkDays(value: number, field: string, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new ClockInputError(`${field} must be a whole number >= ${min}, got ${value}`);
}

function checkLimit(limit: Limit, field: string): void {
  checkDays(limit.days, `${field}.days`, 0);
  if (limit.unit !== 'working' && limit.unit !== 'calendar') {
    throw new ClockInputError(`${field}.unit must be 'working' or 'calendar', got ${JSON.stringify(limit.unit)}`);
  }
}
