// The integrity report's facts (DOMAIN.md "Integrity"; API.md `/reports/integrity`): what an inspector of the
// bureau's discipline office looks at, recorded by the runtime in the same transaction as the command that made
// it (integrity_events, one service, one schema), so the report reads a small indexed table, never the whole
// audit trail of a million cases. Pure rules here; the runtime writes, each service answers its part, the
// gateway merges (repeated assignments are counted over every service there).
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { invalidRequest, IsIsoDate, isIsoDate, type IsoDate } from '@permits/core';
import type { Limit } from '@permits/contracts/enums';
import { addDays, shanghaiDate, type WorkingCalendar } from '@permits/workflow/calendar';
import type { ClockState, ClockView } from '@permits/workflow/clock';
import type { WorkflowEvent } from '@permits/workflow/engine';

/** The six lists of the report, in the order API.md names them. */
export const INTEGRITY_LISTS = ['fastDecisions', 'repeatedAssignments', 'outOfHours', 'longPauses', 'recusals', 'overrides'] as const;
export type IntegrityList = (typeof INTEGRITY_LISTS)[number];

/** What is stored: `assignment` rows become `repeatedAssignments` once counted over every service. */
export type StoredIntegrityList = Exclude<IntegrityList, 'repeatedAssignments'> | 'assignment';

export interface IntegrityFact {
  list: StoredIntegrityList;
  userId: string;
  detail: Record<string, unknown>;
}

/** Task kinds whose completion decides a case, and the countersign vote (outOfHours looks at both). */
export const DECISION_TASK_KINDS: readonly string[] = ['decision', 'penalty_decision'];
const VOTE_TASK_KIND = 'countersign';

/** Working hours, China time: 08:00 to 18:00 on the calendar's working days. */
export const WORKING_HOURS = { from: 8, to: 18 } as const;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The system's own actors (timers, jobs, handovers): never a person the report names for a choice. */
export const isSystemActor = (id: string): boolean => id.startsWith('system:') || id === 'system' || id === 'runtime';

/** Who acts when the law accepts or renews on its own (deemed): an override the report lists. */
export const DEEMED_ACCEPTANCE_ACTOR_ID = 'system:acceptance-limit';

export interface IntegrityInput {
  events: WorkflowEvent[];
  /** The audit entry's action: a command type, or `extended`, `recused`, … */
  action: string;
  actorId: string;
  input?: Record<string, unknown> | null;
  now: Date;
  /** When the case reached this service after acceptance (a licence case starts at its handover). */
  acceptedAt: Date | null;
  /** The clock after the command, and its view as of today. */
  clock: ClockState | null;
  view: ClockView | null;
  today: IsoDate;
  calendar: WorkingCalendar;
}

/** Outside 08:00–18:00 China time, or on a rest day of the calendar. */
export function outOfHours(at: Date, calendar: WorkingCalendar): { out: boolean; restDay: boolean; localTime: string } {
  const day = shanghaiDate(at);
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const hour = local.getUTCHours();
  const restDay = !calendar.isWorkingDay(day);
  const localTime = `${day} ${String(hour).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
  return { out: restDay || hour < WORKING_HOURS.from || hour >= WORKING_HOURS.to, restDay, localTime };
}

/** Working minutes (08:00–18:00 China time on working days) from `from` to `to`; stops counting past `cap`. */
export function workingMinutesBetween(from: Date, to: Date, calendar: WorkingCalendar, cap = Number.POSITIVE_INFINITY): number {
  if (to <= from) return 0;
  let minutes = 0;
  const last = shanghaiDate(to);
  for (let day = shanghaiDate(from); day <= last && minutes <= cap; day = addDays(day, 1)) {
    if (!calendar.isWorkingDay(day)) continue;
    const midnight = Date.parse(`${day}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS;
    const start = Math.max(from.getTime(), midnight + WORKING_HOURS.from * 3_600_000);
    const end = Math.min(to.getTime(), midnight + WORKING_HOURS.to * 3_600_000);
    if (end > start) minutes += (end - start) / 60_000;
  }
  return Math.floor(minutes);
}

/** Counted days (in the committed limit's unit) the clock stood paused, up to its stop day or today. */
export function pausedDays(clock: ClockState, today: IsoDate, calendar: WorkingCalendar): number {
  const asOf = clock.stoppedOn ?? today;
  const count = (unit: Limit['unit'], from: IsoDate, to: IsoDate) =>
    to <= from ? 0 : unit === 'working' ? calendar.countWorkingDays(from, to) : calendar.countCalendarDays(from, to);
  return clock.pauses.reduce((n, p) => n + count(clock.committedLimit.unit, p.from, p.to ?? asOf), 0);
}

/** The facts one command leaves for the integrity report (DOMAIN.md "Integrity"); empty for most commands. */
export function integrityFacts(i: IntegrityInput): IntegrityFact[] {
  const facts: IntegrityFact[] = [];
  const completed = i.events.filter((e): e is Extract<WorkflowEvent, { type: 'TaskCompleted' }> => e.type === 'TaskCompleted');

  // outOfHours: a decision or a countersign vote recorded outside working hours or on a rest day
  for (const e of completed) {
    if (!DECISION_TASK_KINDS.includes(e.kind) && e.kind !== VOTE_TASK_KIND) continue;
    const when = outOfHours(i.now, i.calendar);
    if (when.out)
      facts.push({
        list: 'outOfHours',
        userId: e.by,
        detail: { taskKind: e.kind, outcome: e.outcome, taskId: e.taskId, localTime: when.localTime, restDay: when.restDay },
      });
  }

  // fastDecisions: a person's decision in less than a quarter of the committed limit's counted days, or within
  // one working hour of acceptance. The decision is the completion of a decision task (the case may end later,
  // after its certificate job), or, where a definition has none (a filing recorded at its review), the person's
  // completion that ended the case approved or denied.
  const end = i.events.find((e): e is Extract<WorkflowEvent, { type: 'CaseCompleted' }> => e.type === 'CaseCompleted');
  const byPerson = completed.filter((e) => !isSystemActor(e.by) && (e.outcome === 'approve' || e.outcome === 'reject'));
  const decided =
    byPerson.filter((e) => DECISION_TASK_KINDS.includes(e.kind)).at(-1) ??
    (end && (end.result === 'approved' || end.result === 'denied') ? byPerson.at(-1) : undefined);
  if (decided && i.clock && i.view) {
    const committedDays = i.clock.committedLimit.days;
    const quick = committedDays > 0 && i.view.elapsedDays < committedDays / 4;
    const minutes = i.acceptedAt ? workingMinutesBetween(i.acceptedAt, i.now, i.calendar, 60) : null;
    const withinHour = minutes !== null && minutes < 60;
    if (quick || withinHour) {
      facts.push({
        list: 'fastDecisions',
        userId: decided.by,
        detail: { outcome: decided.outcome, taskKind: decided.kind, countedDays: i.view.elapsedDays, committedDays, withinOneWorkingHour: withinHour },
      });
    }
  }

  // assignments (counted into repeatedAssignments over every service): a task given to a person by a claim, a
  // delegation or a transfer
  for (const e of i.events) {
    const given =
      e.type === 'TaskClaimed'
        ? { to: e.by, how: 'claimed', taskId: e.taskId }
        : e.type === 'TaskDelegated'
          ? { to: e.to, how: 'delegated', taskId: e.taskId }
          : e.type === 'TaskTransferred'
            ? { to: e.to, how: 'transferred', taskId: e.taskId }
            : null;
    if (given && !isSystemActor(given.to))
      facts.push({ list: 'assignment', userId: given.to, detail: { how: given.how, taskId: given.taskId, year: Number(shanghaiDate(i.now).slice(0, 4)) } });
  }

  // recusals: every one, with its reason
  if (i.action === 'recused')
    facts.push({ list: 'recusals', userId: i.actorId, detail: { reason: typeof i.input?.reason === 'string' ? i.input.reason : null } });

  // overrides: a countersign department removed (or added), an extension, a deemed acceptance
  for (const e of i.events) {
    if (e.type !== 'CountersignSignersChanged') continue;
    const key = (s: (typeof e.added)[number]) => (typeof s === 'string' ? s : `user:${s.user}`);
    if (e.removed.length)
      facts.push({ list: 'overrides', userId: e.by, detail: { kind: 'countersign_removed', signers: e.removed.map(key), stepId: e.stepId } });
    if (e.added.length) facts.push({ list: 'overrides', userId: e.by, detail: { kind: 'countersign_added', signers: e.added.map(key), stepId: e.stepId } });
  }
  if (i.action === 'extended')
    facts.push({ list: 'overrides', userId: i.actorId, detail: { kind: 'extension', days: i.input?.days ?? null, reason: i.input?.reason ?? null } });
  if (i.actorId === DEEMED_ACCEPTANCE_ACTOR_ID && end?.result === 'accepted')
    facts.push({ list: 'overrides', userId: i.actorId, detail: { kind: 'deemed_acceptance' } });

  // longPauses: the clock stood paused longer than it counted (one row per case: the store keeps the first)
  if (i.clock && i.view && i.clock.pauses.length > 0 && i.view.clock !== 'not_started') {
    const paused = pausedDays(i.clock, i.today, i.calendar);
    if (paused > i.view.elapsedDays)
      facts.push({
        list: 'longPauses',
        userId: i.actorId,
        detail: {
          pausedDays: paused,
          countedDays: i.view.elapsedDays,
          pauses: i.clock.pauses.length,
          reasons: [...new Set(i.clock.pauses.map((p) => p.reason))],
        },
      });
  }
  return facts;
}

// --- a service's part of the report, and the range it covers ------------------------------------------------

/** A list of a part holds at most this many rows (newest kept); `truncated` names the lists cut. */
export const INTEGRITY_PART_LIMIT = 5000;

export interface IntegrityItem {
  caseId: string;
  applicationId: string | null;
  userId: string;
  at: string;
  detail: Record<string, unknown>;
}

/** One person given cases of one enterprise in one (China-time) year, in this service. */
export interface AssignmentGroup {
  userId: string;
  creditCode: string;
  year: number;
  cases: { caseId: string; applicationId: string | null }[];
}

export interface IntegrityPart {
  fastDecisions: IntegrityItem[];
  outOfHours: IntegrityItem[];
  longPauses: IntegrityItem[];
  recusals: IntegrityItem[];
  overrides: IntegrityItem[];
  assignments: AssignmentGroup[];
  truncated: string[];
}

export class IntegrityRangeQuery {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'first day (China time), inclusive' })
  @IsOptional()
  @IsIsoDate()
  from?: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'last day (China time), inclusive' })
  @IsOptional()
  @IsIsoDate()
  to?: string;
}

/** The instants a range of China-time days covers: [from 00:00+08, the day after `to` 00:00+08). */
export function rangeInstants(from?: string, to?: string): { since: Date | null; before: Date | null } {
  if (from !== undefined && !isIsoDate(from)) throw invalidRequest(`from: ${from} is not a calendar date`);
  if (to !== undefined && !isIsoDate(to)) throw invalidRequest(`to: ${to} is not a calendar date`);
  const midnight = (d: IsoDate) => new Date(`${d}T00:00:00+08:00`);
  const since = from ? midnight(from as IsoDate) : null;
  const before = to ? midnight(addDays(to as IsoDate, 1)) : null;
  if (since && before && since >= before) throw invalidRequest('from must not be after to');
  return { since, before };
}
