import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { ApplicationStatus, Dept, LicenseType } from '@permits/contracts/enums';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { Clock } from '@permits/clock';
import { DomainError } from '@permits/http';
import { addToOutbox, rowValues } from '@permits/persistence';
import { shanghaiDate, WorkingCalendar } from '@permits/workflow/calendar';
import { ClockState, pauseClock, resumeClock, stopClock, viewClock } from '@permits/workflow/clock';
import { Command, decide, InstanceState, WorkflowDefinition, WorkflowEvent } from '@permits/workflow/engine';
import { auditHash } from './audit';
import { AuditRow, CaseRow, HistoryRow, TaskRow } from './entities';
import { historyLine } from './history';

export interface CaseContext {
  correlationId: string;
  /** Facts of the request the engine does not model (e.g. the list of corrections), for effects and history. */
  input?: Record<string, unknown>;
}

export interface CaseHeader {
  caseId: string;
  definition: WorkflowDefinition;
  licenseType: LicenseType;
  subItemCode: string;
  applicantCreditCode: string;
  applicantUserId: string;
  data: Record<string, unknown>;
  clock: ClockState | null;
  yellowWithinDays?: number;
}

/** What a service adds to a command's transaction: its own consequences of the engine's events. */
export interface CaseEffects {
  /** The portal status of a case in this service's hands. */
  statusOf(row: CaseRow): ApplicationStatus;
  apply(tx: EntityManager, row: CaseRow, events: WorkflowEvent[], ctx: CaseContext, before: { status: ApplicationStatus }): Promise<void>;
}

export interface RuntimeOptions {
  /** Task ids start with it (`ea_…`), so the gateway routes a task without a lookup. */
  taskPrefix: 'in' | 'ea' | 'dp';
  definitions: (key: string, version: number) => WorkflowDefinition;
  calendar: () => WorkingCalendar;
}

export type Actor = Command['actor'];

/**
 * The durable side of the workflow engine: one transaction per command that locks the case, runs the
 * pure core, and writes the new state, the task inbox, history, the audit chain and outbox messages.
 */
export class CaseRuntime {
  private readonly logger = new Logger(CaseRuntime.name);

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly effects: CaseEffects,
    private readonly opts: RuntimeOptions,
  ) {}

  /** A definition by key and version, if this service knows it. */
  definition(key: string, version: number): WorkflowDefinition | undefined {
    try {
      return this.opts.definitions(key, version);
    } catch {
      return undefined;
    }
  }

  newTaskId = (): string => `${this.opts.taskPrefix}_${randomUUID()}`;

  /** Starts a case inside the caller's transaction (the caller records why, e.g. the inbox of a handover). */
  async start(tx: EntityManager, header: CaseHeader, actor: Actor, ctx: CaseContext): Promise<CaseRow> {
    const now = await this.clock.now();
    const { state, events } = decide(header.definition, undefined, { type: 'Start', instanceId: header.caseId, data: header.data, actor }, now, this.newTaskId);
    const row = tx.getRepository(CaseRow).create({
      id: header.caseId,
      definitionKey: header.definition.key,
      definitionVersion: header.definition.version,
      licenseType: header.licenseType,
      subItemCode: header.subItemCode,
      applicantCreditCode: header.applicantCreditCode,
      applicantUserId: header.applicantUserId,
      state,
      clock: header.clock,
      yellowWithinDays: header.yellowWithinDays ?? 2,
      slaLevel: 'green',
      dueDate: null,
      elapsedDays: null,
      daysSaved: null,
      withinCommitted: null,
      version: 0,
      auditHead: null,
      auditCount: 0,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      status: 'submitted',
    });
    const before = { status: row.status };
    await this.persist(tx, row, events, now, actor, 'start', ctx, before, true);
    return row;
  }

  /** Runs one command on a case: lock, decide, write. Throws typed errors (404/403/409) untouched. */
  async execute(caseId: string, command: Command, ctx: CaseContext): Promise<{ row: CaseRow; events: WorkflowEvent[] }> {
    return this.db.transaction(async (tx) => {
      const row = await tx.getRepository(CaseRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id: caseId }).getOne();
      if (!row) throw new DomainError('NOT_FOUND', `case ${caseId} not found`);
      const events = await this.apply(tx, row, command, ctx);
      return { row, events };
    });
  }

  /** Same as execute, inside a transaction the caller already holds (e.g. a consumer with its inbox). */
  async apply(tx: EntityManager, row: CaseRow, command: Command, ctx: CaseContext): Promise<WorkflowEvent[]> {
    const now = await this.clock.now();
    const def = this.opts.definitions(row.definitionKey, row.definitionVersion);
    const before = { status: row.status };
    const { state, events } = decide(def, row.state, command, now, this.newTaskId);
    if (events.length === 0) return events; // an idempotent retry: nothing changed
    row.state = state;
    await this.persist(tx, row, events, now, command.actor, command.type, ctx, before, false);
    return events;
  }

  /** Changes the clock alone (suspend, resume, extend): same transaction discipline as a command. */
  async changeClock(caseId: string, actor: Actor, action: string, change: (clock: ClockState, today: string) => ClockState, ctx: CaseContext, check?: (row: CaseRow) => void): Promise<CaseRow> {
    return this.db.transaction(async (tx) => {
      const row = await tx.getRepository(CaseRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id: caseId }).getOne();
      if (!row) throw new DomainError('NOT_FOUND', `case ${caseId} not found`);
      check?.(row);
      if (!row.clock) throw new DomainError('INVALID_TRANSITION', 'the statutory clock has not started for this case');
      const now = await this.clock.now();
      row.clock = change(row.clock, shanghaiDate(now));
      const before = { status: row.status };
      await tx.getRepository(HistoryRow).insert(rowValues<HistoryRow>({ caseId: row.id, at: now, actor: actor.id, action, detail: ctx.input ?? {} }));
      if (action === 'clock_suspended') {
        await addToOutbox(tx, Queues.Notification, Jobs.Notify, { kind: 'clock_suspended', applicationId: row.id, correlationId: ctx.correlationId, recipients: { creditCodes: [row.applicantCreditCode] }, data: ctx.input ?? {} }, { correlationId: ctx.correlationId });
      }
      await this.persist(tx, row, [], now, actor, action, ctx, before, false);
      return row;
    });
  }

  private async persist(tx: EntityManager, row: CaseRow, events: WorkflowEvent[], now: Date, actor: Actor, action: string, ctx: CaseContext, before: { status: ApplicationStatus }, insert: boolean): Promise<void> {
    const today = shanghaiDate(now);
    for (const e of events) {
      await this.syncTask(tx, row, e, now, ctx);
      if (row.clock) row.clock = clockAfter(row.clock, e, today);
      const line = historyLine(e, ctx.input);
      if (line) await tx.getRepository(HistoryRow).insert(rowValues<HistoryRow>({ caseId: row.id, at: now, actor: line.actor ?? actor.id, action: line.action, detail: line.detail }));
    }
    row.status = this.effects.statusOf(row);
    if (row.state.status === 'completed' && !row.closedAt) row.closedAt = now;
    this.refreshSla(row, today);

    const entry = { caseId: row.id, caseSeq: row.auditCount + 1, at: now.toISOString(), actor: actor.id, action, payload: { events: events.map((e) => e.type), input: ctx.input ?? null, status: row.status, correlationId: ctx.correlationId } };
    const prevHash = row.auditHead;
    const hash = auditHash(prevHash, entry);
    row.auditHead = hash;
    row.auditCount += 1;
    row.updatedAt = now;
    row.version += 1;
    if (insert) await tx.getRepository(CaseRow).insert(rowValues<CaseRow>(row));
    else await tx.getRepository(CaseRow).update({ id: row.id }, rowValues<CaseRow>({ state: row.state, clock: row.clock, status: row.status, slaLevel: row.slaLevel, dueDate: row.dueDate, elapsedDays: row.elapsedDays, daysSaved: row.daysSaved, withinCommitted: row.withinCommitted, version: row.version, auditHead: row.auditHead, auditCount: row.auditCount, updatedAt: row.updatedAt, closedAt: row.closedAt }));
    await tx.getRepository(AuditRow).insert(rowValues<AuditRow>({ caseId: row.id, caseSeq: entry.caseSeq, at: now, actor: actor.id, action, payload: entry.payload, prevHash, hash }));
    await this.effects.apply(tx, row, events, ctx, before);
  }

  private async syncTask(tx: EntityManager, row: CaseRow, e: WorkflowEvent, now: Date, ctx: CaseContext): Promise<void> {
    const tasks = tx.getRepository(TaskRow);
    switch (e.type) {
      case 'TaskOpened':
        await tasks.insert({ id: e.taskId, caseId: row.id, kind: e.kind, stepId: e.stepId, dept: e.dept, assignee: e.assignee, status: 'open', outcome: null, dueDate: row.dueDate, createdAt: now, completedAt: null });
        await addToOutbox(tx, Queues.Notification, Jobs.Notify, { kind: 'task_assigned', applicationId: row.id, correlationId: ctx.correlationId, recipients: e.assignee ? { userIds: [e.assignee] } : { depts: [e.dept as Dept] }, data: { taskId: e.taskId, taskKind: e.kind } }, { correlationId: ctx.correlationId });
        return;
      case 'TaskCompleted':
        await tasks.update({ id: e.taskId }, { status: 'completed', outcome: e.outcome, completedAt: now });
        return;
      case 'TaskCancelled':
        await tasks.update({ id: e.taskId }, { status: 'cancelled', completedAt: now });
        return;
      case 'TaskDelegated':
        await tasks.update({ id: e.taskId }, { assignee: e.to });
        return;
      case 'TaskDelegationResolved':
        await tasks.update({ id: e.taskId }, { assignee: e.backTo });
        return;
      case 'TaskTransferred':
        await tasks.update({ id: e.taskId }, { assignee: e.to });
        return;
      case 'TaskClaimed':
        await tasks.update({ id: e.taskId }, { assignee: e.by });
        return;
      case 'TaskUnclaimed':
        await tasks.update({ id: e.taskId }, { assignee: null });
        return;
      default:
        return;
    }
  }

  /** The level and due date the inbox sorts and filters on, from the clock as of today. */
  refreshSla(row: CaseRow, today: string): void {
    if (!row.clock) return;
    const view = viewClock(row.clock, today, this.opts.calendar(), { yellowWithinDays: row.yellowWithinDays });
    row.slaLevel = view.level;
    row.dueDate = view.committedDeadline;
    if (view.clock === 'stopped') {
      row.elapsedDays = view.elapsedDays;
      row.daysSaved = view.daysSaved;
      row.withinCommitted = view.remainingDays >= 0;
    }
  }
}

/** The statutory clock follows the workflow: waits that do not count pause it, the end stops it. */
export function clockAfter(clock: ClockState, e: WorkflowEvent, today: string): ClockState {
  if (e.type === 'StepEntered' && e.pausesClock && clock.status === 'running') return pauseClock(clock, { reason: e.pausesClock, expectedDays: 0, comment: `step ${e.stepId}` }, today);
  if (e.type === 'StepLeft' && e.pausesClock && clock.status === 'paused') return resumeClock(clock, today);
  if (e.type === 'CaseCompleted' && (clock.status === 'running' || clock.status === 'paused')) {
    const running = clock.status === 'paused' ? resumeClock(clock, today) : clock;
    return stopClock(running, today);
  }
  return clock;
}
