// What the durable statutory clock schedules, as plain functions: the due instants of the SLA level
// changes, of a workflow `wait` step and of the acceptance limit, the wake-up job ids, and which
// alerts a level change owes. No I/O: the timer store and the runtime call these.
import { createHash } from 'node:crypto';
import type { Limit, LimitUnit, SlaLevel } from '@permits/contracts/enums';
import { addDays, type IsoDate, toEpochDay, type WorkingCalendar } from '@permits/workflow/calendar';
import { acceptanceDeadline, type ClockState, levelChangeDates } from '@permits/workflow/clock';

export const TIMER_KINDS = {
  slaYellow: 'sla_yellow',
  slaRed: 'sla_red',
  wait: 'wait',
  acceptanceLimit: 'acceptance_limit',
  taskYellow: 'task_yellow',
  taskRed: 'task_red',
} as const;
export const SLA_TIMER_KINDS: readonly string[] = [TIMER_KINDS.slaYellow, TIMER_KINDS.slaRed];

/** A timer as the store writes it: the truth of a due time, kept in PostgreSQL. */
export interface PlannedTimer {
  id: string;
  caseId: string;
  kind: string;
  dueAt: Date;
  data: Record<string, unknown>;
}

const MS_PER_DAY = 86_400_000;
/** Asia/Shanghai is UTC+8 all year (no daylight saving time since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** 00:00 in Asia/Shanghai at the start of `date`: the instant a day-counted limit is over. */
export function shanghaiMidnight(date: IsoDate): Date {
  return new Date(toEpochDay(date) * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}

/**
 * The SLA timers of a running clock: 00:00 of the first yellow day and of the first red day, keyed
 * by the clock's version so that a timer of a superseded clock can never act. None when the clock
 * does not run (paused, stopped, not started): a pause or a stop supersedes them.
 */
export function slaTimers(caseId: string, clock: ClockState | null, calendar: WorkingCalendar, yellowWithinDays: number, today: IsoDate): PlannedTimer[] {
  if (!clock || clock.status !== 'running') return [];
  const { yellowOn, redOn } = levelChangeDates(clock, calendar, { yellowWithinDays }, today);
  const out: PlannedTimer[] = [];
  const add = (kind: string, level: SlaLevel, on: IsoDate | null) => {
    if (on)
      out.push({ id: slaTimerId(caseId, kind, clock.version), caseId, kind, dueAt: shanghaiMidnight(on), data: { clockVersion: clock.version, level, on } });
  };
  add(TIMER_KINDS.slaYellow, 'yellow', yellowOn);
  add(TIMER_KINDS.slaRed, 'red', redOn);
  return out;
}

/** A countersign task is due this many working days after the day it opened (DOMAIN.md, API.md). */
export const COUNTERSIGN_DUE_WORKING_DAYS = 7;

/** The due date of a countersign task opened on `openedOn`: the 7th working day after it. */
export function countersignDueDate(openedOn: IsoDate, calendar: WorkingCalendar): IsoDate {
  return calendar.addWorkingDays(openedOn, COUNTERSIGN_DUE_WORKING_DAYS);
}

/**
 * A countersign task's own level on `today` (never the case's, never the applicant's limit): red once
 * its due date has passed, yellow from `yellowWithinDays` working days before it, green before.
 */
export function taskLevel(dueDate: IsoDate, today: IsoDate, calendar: WorkingCalendar, yellowWithinDays: number): SlaLevel {
  if (today > dueDate) return 'red';
  return calendar.countWorkingDays(today, dueDate) <= yellowWithinDays ? 'yellow' : 'green';
}

export function taskTimerId(caseId: string, taskId: string, kind: string): string {
  return `${caseId}:${kind}:${taskId}`;
}

export interface TaskTimerData {
  taskId: string;
  dept: string;
  dueDate: IsoDate;
  level: SlaLevel;
  on: IsoDate;
}

/**
 * The alert timers of a countersign task opened on `openedOn` and due on `dueDate`: 00:00 of its first
 * yellow day and of the day after its due date. Their alerts go to the section holding the task.
 */
export function taskTimers(
  caseId: string,
  task: { id: string; dept: string },
  openedOn: IsoDate,
  dueDate: IsoDate,
  calendar: WorkingCalendar,
  yellowWithinDays: number,
): PlannedTimer[] {
  let yellowOn = openedOn;
  while (yellowOn < dueDate && taskLevel(dueDate, yellowOn, calendar, yellowWithinDays) === 'green') yellowOn = addDays(yellowOn, 1);
  const redOn = addDays(dueDate, 1);
  const timer = (kind: string, level: SlaLevel, on: IsoDate): PlannedTimer => ({
    id: taskTimerId(caseId, task.id, kind),
    caseId,
    kind,
    dueAt: shanghaiMidnight(on),
    data: { taskId: task.id, dept: task.dept, dueDate, level, on } satisfies TaskTimerData,
  });
  return [timer(TIMER_KINDS.taskYellow, 'yellow', yellowOn), timer(TIMER_KINDS.taskRed, 'red', redOn)];
}

export function slaTimerId(caseId: string, kind: string, clockVersion: number): string {
  return `${caseId}:${kind}:v${clockVersion}`;
}

/**
 * The last day a wait of `days` counts, started on `from` (which does not count, like an
 * acceptance): the n-th working day after it, or the n-th calendar day.
 */
export function waitLastDay(from: IsoDate, days: number, unit: LimitUnit, calendar: WorkingCalendar): IsoDate {
  return unit === 'working' ? calendar.addWorkingDays(from, days) : calendar.addCalendarDays(from, days);
}

export function waitTimerId(caseId: string, stepId: string, round: number): string {
  return `${caseId}:${TIMER_KINDS.wait}:${stepId}:r${round}`;
}

export interface WaitTimerData {
  stepId: string;
  round: number;
  /** The day the wait started (not counted). */
  from: IsoDate;
  days: number;
  unit: LimitUnit;
}

/** The wait is over at 00:00 (Shanghai) of the day after its last counted day. */
export function waitTimer(caseId: string, w: WaitTimerData, calendar: WorkingCalendar): PlannedTimer {
  const lastDay = waitLastDay(w.from, w.days, w.unit, calendar);
  return { id: waitTimerId(caseId, w.stepId, w.round), caseId, kind: TIMER_KINDS.wait, dueAt: shanghaiMidnight(addDays(lastDay, 1)), data: { ...w, lastDay } };
}

export interface AcceptanceTimerData {
  taskId: string;
  /** The day the application (or its supplement) arrived: counting starts the day after. */
  from: IsoDate;
  limit: Limit;
  /** The day the application counts as accepted if the limit is missed (DOMAIN.md: the day it arrived). */
  deemedOn: IsoDate;
}

export function acceptanceTimerId(caseId: string, taskId: string): string {
  return `${caseId}:${TIMER_KINDS.acceptanceLimit}:${taskId}`;
}

/**
 * The acceptance limit (5 working days; 3 days for discharge permits) runs out at the end of its
 * deadline day; the timer falls due at 00:00 of the next day.
 */
export function acceptanceTimer(caseId: string, a: AcceptanceTimerData, calendar: WorkingCalendar): PlannedTimer & { calendarComplete: boolean } {
  const { deadline, calendarComplete } = acceptanceDeadline(a.from, a.limit, calendar);
  return {
    id: acceptanceTimerId(caseId, a.taskId),
    caseId,
    kind: TIMER_KINDS.acceptanceLimit,
    dueAt: shanghaiMidnight(addDays(deadline, 1)),
    data: { ...a, deadline },
    calendarComplete,
  };
}

/**
 * The BullMQ job id of a timer's wake-up: derived from the timer and its due time, so the same wake-up
 * is never queued twice, and a timer moved to another time gets a wake-up of its own (the old one finds
 * nothing due and does nothing). A UUID, as the outbox ids are (and BullMQ refuses ':' in custom ids).
 */
export function wakeJobId(timerId: string, dueAt: Date): string {
  const h = createHash('sha1').update(`${timerId}@${dueAt.toISOString()}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const RANK: Record<SlaLevel, number> = { green: 0, yellow: 1, red: 2 };

/**
 * The alerts a case owes on reaching `level` when `alerted` is the highest level already announced: one
 * per level passed on the way up (a jump from green to red owes both, as real time passing would have
 * sent them), none on the way down (an extension can bring red back to yellow).
 */
export function alertsOwed(alerted: SlaLevel, level: SlaLevel): Exclude<SlaLevel, 'green'>[] {
  const out: Exclude<SlaLevel, 'green'>[] = [];
  if (RANK[alerted] < RANK.yellow && RANK[level] >= RANK.yellow) out.push('yellow');
  if (RANK[alerted] < RANK.red && RANK[level] >= RANK.red) out.push('red');
  return out;
}

/** Buckets of the days-saved histogram (negative: decided after the statutory deadline). */
export const DAYS_SAVED_BUCKETS = [-10, -5, 0, 1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 60] as const;

/** Canonical label set of a metrics row: sorted `k=v` pairs joined with ','. */
export function labelKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

export function parseLabelKey(key: string): Record<string, string> {
  if (!key) return {};
  return Object.fromEntries(key.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
}

export interface MetricIncrement {
  metric: string;
  labels: Record<string, string>;
  by: number;
}

/** The rows a closed case adds to the days-saved histogram of its licence type (cumulative buckets). */
export function daysSavedObservation(licenseType: string, daysSaved: number): MetricIncrement[] {
  const out: MetricIncrement[] = DAYS_SAVED_BUCKETS.filter((le) => daysSaved <= le).map((le) => ({
    metric: 'sla_days_saved_bucket',
    labels: { license_type: licenseType, le: String(le) },
    by: 1,
  }));
  out.push({ metric: 'sla_days_saved_bucket', labels: { license_type: licenseType, le: '+Inf' }, by: 1 });
  out.push({ metric: 'sla_days_saved_sum', labels: { license_type: licenseType }, by: daysSaved });
  out.push({ metric: 'sla_days_saved_count', labels: { license_type: licenseType }, by: 1 });
  return out;
}
