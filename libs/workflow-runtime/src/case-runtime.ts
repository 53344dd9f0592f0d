import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { ApplicationStatus, Dept, LicenseType, LimitUnit, SlaLevel } from '@permits/contracts/enums';
import { JobDef, TimerDueV1 } from '@permits/contracts/jobs';
import { Clock } from '@permits/clock';
import { addNotice, drainOutboxBatch, PendingOutboxRow, rowValues, withOutboxBatch } from '@permits/persistence';
import { IsoDate, shanghaiDate, WorkingCalendar } from '@permits/workflow/calendar';
import { ClockPause, ClockState, ClockView, lastEventDate, pauseClock, resumeClock, stopClock, viewClock } from '@permits/workflow/clock';
import { Command, decide, WorkflowDefinition, WorkflowEvent } from '@permits/workflow/engine';
import { auditHash, AuditKey, LEGACY_ALG } from './audit';
import { DutyPolicy, dutyFactsFrom, dutyFactsSql, dutyPeople, ReadDutyFacts } from './duties/duties';
import { isTaskCommand } from './duties/duty-policy';
import { CaseRow, HistoryRow, TaskRow } from './entities';
import { historyLine } from './history';
import { IntegrityFact, integrityFacts } from './integrity';
import {
  alertsOwed,
  countersignDueDate,
  daysSavedObservation,
  MetricIncrement,
  PlannedTimer,
  SLA_TIMER_KINDS,
  slaTimers,
  taskLevel,
  taskTimerId,
  taskTimers,
  TIMER_KINDS,
  waitTimer,
  waitTimerId,
  wakeJobId,
} from './timers/timer-plan';
import { mergedMetrics, syncSlaTimers, upsertTimers, wakeDelay } from './timers/timer-store';
import type { TaskAnnouncer } from './task-announcer';
import { DomainError } from '@permits/core';

export interface CaseContext {
  correlationId: string;
  /** Facts of the request the engine does not model (e.g. the list of corrections), for effects and history. */
  input?: Record<string, unknown>;
  /**
   * A timer that fell due earlier than it was handled (a worker down, a manual clock moved far) dates the
   * clock's transitions on the day it fell due, as real time passing would have (never before the
   * clock's last event, never after today).
   */
  clockDay?: IsoDate;
  /**
   * The law acting through the runtime itself (a deemed acceptance when the acceptance limit ran out), never a
   * person: the duty policy does not apply. Set only by code that runs on a timer, never from a request.
   */
  byLaw?: true;
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
  /**
   * True when `apply` only adds outbox rows (reads nothing, writes nothing else, changes nothing on the row):
   * the runtime then runs it before its write and writes those rows in the same statement.
   */
  readonly outboxOnly?: boolean;
  /** Refuses a command before anything is written (a service's own rules, e.g. correction lists); throws a DomainError. */
  check?(tx: EntityManager, row: CaseRow, command: Command, events: WorkflowEvent[], ctx: CaseContext): Promise<void>;
}

export interface RuntimeOptions {
  /** Task ids start with it (`ea_…`), so the gateway routes a task without a lookup. */
  taskPrefix: 'in' | 'ea' | 'dp' | 'su';
  definitions: (key: string, version: number) => WorkflowDefinition;
  calendar: () => WorkingCalendar;
  /** The wake-up job of this service's timers (SLA levels, waits); without it no timer is scheduled. */
  timerJob?: JobDef<TimerDueV1>;
  /** The audit chain's key (config AUDIT_KEY): every entry's hash is an HMAC under it. */
  auditKey: AuditKey;
  /** Who may act (duties): consulted before every task command; the general rules when not given. */
  duties?: DutyPolicy;
  /** Announces the tasks a command opened once its transaction commits (the gateway's task stream); none without it. */
  announcer?: TaskAnnouncer;
}

export type Actor = Command['actor'];

/**
 * The durable side of the workflow engine: per command, one read of the case, the pure core, and one
 * version-checked statement that writes the new state, the task inbox, history, the audit chain, timers and
 * outbox messages (in a transaction with the effects' own writes when there are any).
 */
export class CaseRuntime {
  private readonly logger = new Logger(CaseRuntime.name);
  /** The duty policy every task command meets (a service may add rules: `runtime.duties.addRule(...)`). */
  readonly duties: DutyPolicy;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly effects: CaseEffects,
    private readonly opts: RuntimeOptions,
  ) {
    this.duties = opts.duties ?? new DutyPolicy();
  }

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
      slaAlertedLevel: 'green',
      calendarComplete: true,
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

  /**
   * Runs one command on a case: read, decide, write. The case is read without a lock (with the duty rules'
   * facts, in the same statement); the write statement takes the lock and checks the version read, so a
   * command that lost the race to a concurrent one (the version moved) writes nothing and is run again from
   * the read, up to CONFLICT_ATTEMPTS times, then answered CONFLICT. The transaction begins after the read,
   * just before the write, and only when the command writes more than the runtime's one statement (effects
   * beyond outbox rows, an SLA alert): otherwise that statement alone, atomic on its own, is the command's
   * write (two round trips in all). Throws typed errors (404/403/409) untouched.
   */
  async execute(caseId: string, command: Command, ctx: CaseContext): Promise<{ row: CaseRow; events: WorkflowEvent[] }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.executeOnce(caseId, command, ctx);
      } catch (err) {
        if (!isCaseChanged(err) || attempt >= CONFLICT_ATTEMPTS) throw err;
        this.logger.debug({ caseId, attempt }, 'case changed under the command: run again');
      }
    }
  }

  /** One attempt of execute, on a connection of its own whose transaction persist begins if the write needs one. */
  private async executeOnce(caseId: string, command: Command, ctx: CaseContext): Promise<{ row: CaseRow; events: WorkflowEvent[] }> {
    const qr = this.db.createQueryRunner();
    deferred.add(qr);
    try {
      const read = await readCase(qr.manager, caseId, { dutiesOf: !ctx.byLaw && isTaskCommand(command) ? dutyPeople(command) : undefined });
      if (!read) throw new DomainError('NOT_FOUND', `case ${caseId} not found`);
      const events = await this.run(qr.manager, read.row, command, ctx, read.duties);
      if (qr.isTransactionActive) await qr.commitTransaction();
      return { row: read.row, events };
    } catch (err) {
      // as DataSource.transaction: a rollback that fails too (the connection is gone) leaves the command's own error
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      deferred.delete(qr);
      await qr.release();
    }
  }

  /**
   * Same as execute, inside a transaction the caller already holds (e.g. a consumer with its inbox), on a row
   * it read (locked or not: the write checks the version; a moved one throws CONFLICT and the caller's
   * transaction must roll back).
   */
  async apply(tx: EntityManager, row: CaseRow, command: Command, ctx: CaseContext): Promise<WorkflowEvent[]> {
    return this.run(tx, row, command, ctx);
  }

  private async run(tx: EntityManager, row: CaseRow, command: Command, ctx: CaseContext, duties?: ReadDutyFacts): Promise<WorkflowEvent[]> {
    const now = await this.clock.now();
    const def = this.opts.definitions(row.definitionKey, row.definitionVersion);
    const before = { status: row.status };
    const { state, events } = decide(def, row.state, command, now, this.newTaskId);
    if (events.length === 0) return events; // an idempotent retry: nothing changed
    // who may act: from the case's own tasks and history (as of the version the write checks) and the staff directory's copy here
    if (!ctx.byLaw)
      await this.duties.check(tx, { caseId: row.id, applicantCreditCode: row.applicantCreditCode, definition: def, state: row.state }, command, duties);
    checkReasons(command, events);
    await this.effects.check?.(tx, row, command, events, ctx);
    row.state = state;
    // a Migrate moves the case onto another definition: the row says which, as the state does
    row.definitionKey = state.definitionKey;
    row.definitionVersion = state.definitionVersion;
    await this.persist(tx, row, events, now, command.actor, command.type, ctx, before, false);
    return events;
  }

  /**
   * Records a fact about a case that changes neither its workflow nor its clock (a recusal): one history line
   * and one audit entry, in one transaction with the case locked. `check` refuses before anything is written.
   */
  async note(
    caseId: string,
    actor: Actor,
    action: string,
    detail: Record<string, unknown>,
    ctx: CaseContext,
    check?: (row: CaseRow) => void,
  ): Promise<CaseRow> {
    return this.db.transaction(async (tx) => {
      const row = (await readCase(tx, caseId, { lock: true }))?.row;
      if (!row) throw new DomainError('NOT_FOUND', `case ${caseId} not found`);
      check?.(row);
      const now = await this.clock.now();
      await tx.getRepository(HistoryRow).insert(rowValues<HistoryRow>({ caseId: row.id, at: now, actor: actor.id, action, detail }));
      await this.persist(tx, row, [], now, actor, action, { ...ctx, input: detail }, { status: row.status }, false);
      return row;
    });
  }

  /** Changes the clock alone (suspend, resume, extend): same transaction discipline as a command. */
  async changeClock(
    caseId: string,
    actor: Actor,
    action: string,
    change: (clock: ClockState, today: string, calendar: WorkingCalendar) => ClockState,
    ctx: CaseContext,
    check?: (row: CaseRow) => void,
  ): Promise<CaseRow> {
    return this.db.transaction(async (tx) => {
      const row = (await readCase(tx, caseId, { lock: true }))?.row;
      if (!row) throw new DomainError('NOT_FOUND', `case ${caseId} not found`);
      check?.(row);
      if (!row.clock) throw new DomainError('INVALID_TRANSITION', 'the statutory clock has not started for this case');
      const now = await this.clock.now();
      row.clock = change(row.clock, shanghaiDate(now), this.opts.calendar());
      const before = { status: row.status };
      await tx.getRepository(HistoryRow).insert(rowValues<HistoryRow>({ caseId: row.id, at: now, actor: actor.id, action, detail: ctx.input ?? {} }));
      if (action === 'clock_suspended') await this.notifySuspended(tx, row, row.clock.pauses[row.clock.pauses.length - 1], ctx);
      if (action === 'extended' && row.clock.extension) {
        const { days, reason, on } = row.clock.extension;
        const statutoryDeadline = viewClock(row.clock, shanghaiDate(now), this.opts.calendar()).statutoryDeadline;
        await addNotice(tx, {
          kind: 'clock_extended',
          applicationId: row.id,
          correlationId: ctx.correlationId,
          recipients: { creditCodes: [row.applicantCreditCode] },
          data: { days, unit: 'working', reason, on, statutoryDeadline },
        });
      }
      await this.persist(tx, row, [], now, actor, action, ctx, before, false);
      return row;
    });
  }

  /**
   * Records a fact of the case that is no engine command (a penalty's proposal, a firm's statement, a hearing
   * request) inside the caller's transaction: `data` merged into the case data (what the definition's
   * gateways read), a history line and the audit entry `action`, with the case's usual writes.
   */
  async record(tx: EntityManager, row: CaseRow, actor: Actor, action: string, ctx: CaseContext, data: Record<string, unknown> = {}): Promise<void> {
    const now = await this.clock.now();
    if (Object.keys(data).length) row.state = { ...row.state, data: { ...row.state.data, ...data } };
    await tx.getRepository(HistoryRow).insert(rowValues<HistoryRow>({ caseId: row.id, at: now, actor: actor.id, action, detail: ctx.input ?? {} }));
    await this.persist(tx, row, [], now, actor, action, ctx, { status: row.status }, false);
  }

  /**
   * Writes what a change of the case leaves behind without an engine command: the SLA level and deadlines
   * as of today, the alerts a level change owes, the timers of the current clock. Used when a timer falls
   * due and when the calendar changes. Writes an audit entry (`action`) only when something a person sees
   * changed; otherwise only the timers are brought up to date. Returns whether the case changed.
   */
  async refresh(tx: EntityManager, row: CaseRow, actor: Actor, action: string, ctx: CaseContext): Promise<boolean> {
    const now = await this.clock.now();
    const today = shanghaiDate(now);
    const view = row.clock ? viewClock(row.clock, today, this.opts.calendar(), { yellowWithinDays: row.yellowWithinDays }) : null;
    // (a paused clock's deadlines move out day by day, "as if resumed today": that alone is no change)
    const changed =
      view !== null &&
      (view.level !== row.slaLevel ||
        (view.clock !== 'paused' && view.committedDeadline !== row.dueDate) ||
        view.calendarComplete !== row.calendarComplete ||
        (isLive(row.clock) && alertsOwed(row.slaAlertedLevel, view.level).length > 0));
    if (changed) {
      await this.persist(tx, row, [], now, actor, action, ctx, { status: row.status }, false);
      return true;
    }
    await this.syncTimers(tx, row, today, now, ctx);
    return false;
  }

  /**
   * Writes a command's consequences in few round trips: the task, history, audit, case and timer-retirement
   * writes in one statement, the timers in one, the outbox rows (the runtime's and the effects') in one.
   */
  private async persist(...args: Parameters<CaseRuntime['persistBatched']>): Promise<void> {
    await withOutboxBatch(args[0], () => this.persistBatched(...args));
  }

  private async persistBatched(
    tx: EntityManager,
    row: CaseRow,
    events: WorkflowEvent[],
    now: Date,
    actor: Actor,
    action: string,
    ctx: CaseContext,
    before: { status: ApplicationStatus },
    insert: boolean,
  ): Promise<void> {
    const today = shanghaiDate(now);
    const clockDay = this.clockDay(row, ctx, today);
    const wasClosed = row.closedAt !== null;
    const prev = { dueDate: row.dueDate, calendarComplete: row.calendarComplete };
    const w = new PendingWrites();
    for (const e of events) {
      await this.syncTask(tx, w, row, e, now, ctx);
      if (row.clock) {
        const was = row.clock.status;
        row.clock = clockAfter(row.clock, e, clockDay, this.expectedPause(row, e));
        if (was === 'running' && row.clock.status === 'paused') await this.notifySuspended(tx, row, row.clock.pauses[row.clock.pauses.length - 1], ctx);
      }
      const line = historyLine(e, ctx.input);
      if (line) w.history.push({ actor: line.actor ?? actor.id, action: line.action, detail: line.detail });
      if (this.opts.timerJob) {
        if (e.type === 'WaitStarted')
          w.plan(waitTimer(row.id, { stepId: e.stepId, round: e.round, from: clockDay, days: e.days, unit: e.unit }, this.opts.calendar()));
        if (e.type === 'StepLeft' && e.kind === 'wait') w.retire(waitTimerId(row.id, e.stepId, e.round));
      }
    }
    row.status = this.effects.statusOf(row);
    if (row.state.status === 'completed' && !row.closedAt) row.closedAt = now;
    const view = this.refreshSla(row, today);
    // the integrity report's facts, written with the command (DOMAIN.md "Integrity"; integrity.ts)
    w.integrity.push(
      ...integrityFacts({
        events,
        action,
        actorId: actor.id,
        input: ctx.input ?? null,
        now,
        acceptedAt: this.opts.taskPrefix === 'in' ? null : row.createdAt,
        clock: row.clock,
        view,
        today,
        calendar: this.opts.calendar(),
      }),
    );

    // One alert per level change, against the version the write checks: the level reached against the level announced.
    const alerts = view && isLive(row.clock) ? alertsOwed(row.slaAlertedLevel, view.level) : [];
    if (view && isLive(row.clock)) row.slaAlertedLevel = view.level;
    const metrics: MetricIncrement[] = alerts.map((level) => ({ metric: 'sla_alerts_sent_total', labels: { level }, by: 1 }));
    if (view && !view.calendarComplete && (insert || prev.calendarComplete || prev.dueDate !== row.dueDate)) {
      metrics.push({ metric: 'sla_calendar_incomplete_deadlines_total', labels: {}, by: 1 });
      this.logger.warn(
        { caseId: row.id, statutoryDeadline: view.statutoryDeadline, committedDeadline: view.committedDeadline },
        'deadline computed over a year the working-day calendar does not cover (Mon-Fri assumed)',
      );
    }
    if (!wasClosed && row.closedAt && row.daysSaved !== null && (row.status === 'approved' || row.status === 'denied'))
      metrics.push(...daysSavedObservation(row.licenseType, row.daysSaved));

    const entry = {
      caseId: row.id,
      caseSeq: row.auditCount + 1,
      at: now.toISOString(),
      actor: actor.id,
      action,
      payload: {
        events: events.map((e) => e.type),
        input: ctx.input ?? null,
        status: row.status,
        correlationId: ctx.correlationId,
        ...(alerts.length ? { slaAlerts: alerts } : {}),
      },
    };
    const prevHash = row.auditHead;
    const alg = this.opts.auditKey?.alg ?? LEGACY_ALG;
    const hash = auditHash(prevHash, entry, this.opts.auditKey ?? null, alg);
    row.auditHead = hash;
    row.auditCount += 1;
    row.updatedAt = now;
    const readVersion = row.version;
    row.version += 1;
    // a task other than a countersign carries the case's committed deadline (the inbox sorts and filters on it)
    for (const t of w.newTasks) if (!t.countersign) t.row.dueDate = row.dueDate;
    // effects that only add outbox rows run first: their rows go in the write statement with the runtime's
    const early = this.effects.outboxOnly === true;
    if (early) await this.effects.apply(tx, row, events, ctx, before);
    // execute's command, read outside a transaction: one begins now unless the write statement is all it writes
    const qr = tx.queryRunner;
    if (qr && deferred.has(qr)) {
      deferred.delete(qr);
      if (!early || alerts.length > 0 || insert) await qr.startTransaction();
    }
    const written = await writeCaseChange(tx, row, w, now, this.opts.taskPrefix === 'su' ? null : row.id, {
      audit: { caseSeq: entry.caseSeq, actor: actor.id, action, payload: entry.payload, prevHash, hash, alg },
      readVersion: insert ? null : readVersion,
      timers: this.timerWrites(row, today, now, ctx, w),
      metrics: mergedMetrics(metrics),
      outbox: drainOutboxBatch(tx),
    });
    if (!written) throw caseChanged(row.id);
    if (view) for (const level of alerts) await this.alert(tx, row, level, view, ctx);
    if (!early) await this.effects.apply(tx, row, events, ctx, before);
    if (this.opts.announcer) this.opts.announcer.opened(tx, this.openedTasks(row, w, today));
  }

  /**
   * The case's timers after a change, as writeCaseChange writes them: the SLA timers of the current clock version
   * (superseded ones removed) with the command's own (a wait's, a countersign task's), each one inserted or
   * moved with its wake-up (the same rows as syncTimers).
   */
  private timerWrites(row: CaseRow, today: IsoDate, now: Date, ctx: CaseContext, w: PendingWrites): TimerWrites | null {
    const job = this.opts.timerJob;
    if (!job) return null;
    const sla = row.clock !== null;
    const planned = [...(sla ? slaTimers(row.id, row.clock, this.opts.calendar(), row.yellowWithinDays, today) : []), ...w.timers];
    // the last of two with one id wins, as one statement each would leave it
    const timers = [...new Map(planned.map((t) => [t.id, t])).values()];
    if (!sla && timers.length === 0) return null;
    const wakeUps = timers.map((t) => ({
      timerId: t.id,
      row: {
        id: wakeJobId(t.id, t.dueAt),
        queue: job.queue,
        jobName: job.name,
        payload: { timerId: t.id, correlationId: ctx.correlationId },
        correlationId: ctx.correlationId,
        delay: Math.round(wakeDelay(t.dueAt, now)),
      },
    }));
    return { supersede: sla, timers, wakeUps };
  }

  /** The tasks a command opened that are still open, as the inbox lists them (sent once the transaction commits). */
  private openedTasks(row: CaseRow, w: PendingWrites, today: IsoDate) {
    return w.newTasks
      .filter((t) => t.row.status === 'open')
      .map(({ countersign, row: t }) => ({
        id: t.id,
        caseId: row.id,
        applicationId: row.id,
        kind: t.kind,
        dept: t.dept,
        assignee: t.assignee,
        dueDate: t.dueDate,
        // a countersign task has its own due date and level (API.md), as CaseworkQueries.tasks computes it
        slaLevel: countersign && t.dueDate ? taskLevel(t.dueDate, today, this.opts.calendar(), row.yellowWithinDays) : row.slaLevel,
        createdAt: new Date(t.createdAt).toISOString(),
      }));
  }

  /** The length announced for a pause the workflow starts: a wait's own days, or a pausing task's `expectedDays`. */
  private expectedPause(row: CaseRow, e: WorkflowEvent): { days: number; unit: LimitUnit } | undefined {
    if (e.type !== 'StepEntered' || !e.pausesClock) return undefined;
    const step = this.definition(row.definitionKey, row.definitionVersion)?.steps.find((s) => s.id === e.stepId);
    if (step?.kind === 'wait') return { days: step.days, unit: step.unit };
    if (step?.kind === 'task' && step.expectedDays) return { days: step.expectedDays, unit: step.expectedUnit ?? 'working' };
    return undefined;
  }

  /** `clock_suspended` to the applicant, with the reason and the expected length (DOMAIN.md: told in writing, manual or automatic). */
  private async notifySuspended(tx: EntityManager, row: CaseRow, pause: ClockPause | undefined, ctx: CaseContext): Promise<void> {
    if (!pause) return;
    const data = {
      reason: pause.reason,
      from: pause.from,
      expectedDays: pause.expectedDays,
      unit: pause.expectedUnit ?? 'working',
      ...(pause.comment ? { comment: pause.comment } : {}),
    };
    await addNotice(tx, {
      kind: 'clock_suspended',
      applicationId: row.id,
      correlationId: ctx.correlationId,
      recipients: { creditCodes: [row.applicantCreditCode] },
      data,
    });
  }

  /** The day clock transitions are dated: today, or the earlier day a late timer fell due (see CaseContext). */
  private clockDay(row: CaseRow, ctx: CaseContext, today: IsoDate): IsoDate {
    if (!ctx.clockDay || ctx.clockDay >= today) return today;
    const last = row.clock ? lastEventDate(row.clock) : undefined;
    return last && last > ctx.clockDay ? last : ctx.clockDay;
  }

  /**
   * `sla_yellow` to the departments holding the case's open tasks; `sla_red` to them and to the heads.
   * The recipients are taken from the open tasks at this moment.
   */
  private async alert(tx: EntityManager, row: CaseRow, level: 'yellow' | 'red', view: ClockView, ctx: CaseContext): Promise<void> {
    const held: { dept: Dept }[] = await tx.query(`SELECT DISTINCT dept FROM tasks WHERE case_id = $1 AND status = 'open' ORDER BY dept`, [row.id]);
    const depts = held.map((t) => t.dept);
    const recipients = level === 'red' || depts.length === 0 ? { ...(depts.length ? { depts } : {}), roles: ['head'] } : { depts };
    const data = {
      level,
      statutoryDeadline: view.statutoryDeadline,
      committedDeadline: view.committedDeadline,
      remainingDays: view.remainingDays,
      calendarComplete: view.calendarComplete,
    };
    await addNotice(tx, { kind: level === 'red' ? 'sla_red' : 'sla_yellow', applicationId: row.id, correlationId: ctx.correlationId, recipients, data });
    this.logger.log({ caseId: row.id, level, recipients }, 'SLA alert');
  }

  /**
   * The case's timers after a change, in one statement: the SLA timers of the current clock version
   * (superseded ones removed) with `also` (a wait's timer, a countersign task's), each moved or new one with
   * its wake-up.
   */
  private async syncTimers(tx: EntityManager, row: CaseRow, today: IsoDate, now: Date, ctx: CaseContext, also: PlannedTimer[] = []): Promise<void> {
    const job = this.opts.timerJob;
    if (!job) return;
    if (row.clock)
      await syncSlaTimers(tx, job, row.id, slaTimers(row.id, row.clock, this.opts.calendar(), row.yellowWithinDays, today), now, ctx.correlationId, also);
    else await upsertTimers(tx, job, also, now, ctx.correlationId);
  }

  /** Collects a task event's writes (written by writeCaseChange); a new task's `task_assigned` goes to the outbox. */
  private async syncTask(tx: EntityManager, w: PendingWrites, row: CaseRow, e: WorkflowEvent, now: Date, ctx: CaseContext): Promise<void> {
    switch (e.type) {
      case 'TaskOpened': {
        // a countersign task is due 7 working days after it opens, with alerts of its own to the section
        // holding it; every other task carries the case's committed deadline (set when the command is done)
        const countersign = e.kind === 'countersign' && row.clock !== null;
        const openedOn = shanghaiDate(now);
        const dueDate = countersign ? countersignDueDate(openedOn, this.opts.calendar()) : row.dueDate;
        w.newTasks.push({
          countersign,
          row: {
            id: e.taskId,
            caseId: row.id,
            kind: e.kind,
            stepId: e.stepId,
            dept: e.dept,
            assignee: e.assignee ?? null,
            status: 'open',
            outcome: null,
            dueDate,
            createdAt: now,
            completedAt: null,
            completedBy: null,
          },
        });
        if (countersign && dueDate && this.opts.timerJob)
          for (const t of taskTimers(row.id, { id: e.taskId, dept: e.dept }, openedOn, dueDate, this.opts.calendar(), row.yellowWithinDays)) w.plan(t);
        await addNotice(tx, {
          kind: 'task_assigned',
          applicationId: row.id,
          correlationId: ctx.correlationId,
          recipients: e.assignee ? { userIds: [e.assignee] } : { depts: [e.dept as Dept] },
          data: { taskId: e.taskId, taskKind: e.kind },
        });
        return;
      }
      case 'TaskCompleted':
      case 'TaskCancelled':
        w.updateTask(
          e.taskId,
          e.type === 'TaskCompleted'
            ? { status: 'completed', outcome: e.outcome, completedAt: now, completedBy: e.by }
            : { status: 'cancelled', completedAt: now },
        );
        // a task that ended has no more warnings due
        w.retire(taskTimerId(row.id, e.taskId, TIMER_KINDS.taskYellow), taskTimerId(row.id, e.taskId, TIMER_KINDS.taskRed));
        return;
      case 'TaskDelegated':
      case 'TaskTransferred':
        w.updateTask(e.taskId, { assignee: e.to });
        return;
      case 'TaskDelegationResolved':
        w.updateTask(e.taskId, { assignee: e.backTo });
        return;
      case 'TaskClaimed':
        w.updateTask(e.taskId, { assignee: e.by });
        return;
      case 'TaskUnclaimed':
        w.updateTask(e.taskId, { assignee: null });
        return;
      default:
        return;
    }
  }

  /** The level and due date the inbox sorts and filters on, from the clock as of today. */
  refreshSla(row: CaseRow, today: string): ClockView | null {
    if (!row.clock) return null;
    const view = keepDeemedRed(row, viewClock(row.clock, today, this.opts.calendar(), { yellowWithinDays: row.yellowWithinDays }));
    row.slaLevel = view.level;
    row.dueDate = view.committedDeadline;
    row.calendarComplete = view.calendarComplete;
    if (view.clock === 'stopped') {
      row.elapsedDays = view.elapsedDays;
      row.daysSaved = view.daysSaved;
      row.withinCommitted = view.remainingDays >= 0;
      row.committedDaysInForce = view.elapsedDays + view.remainingDays;
    }
    return view;
  }
}

/**
 * Refusals carry written reasons (DOMAIN.md; API.md: 400 without): `not_accept`, and a `reject` that
 * decides the case (ends it), need a non-empty comment. A reject that sends the case on (a countersign
 * vote that does not end it, say) does not.
 */
export function checkReasons(command: Command, events: WorkflowEvent[]): void {
  if (command.type !== 'CompleteTask' || command.comment?.trim()) return;
  if (command.outcome === 'not_accept') throw new DomainError('INVALID_INPUT', 'not_accept needs the reasons in comment');
  if (command.outcome === 'reject' && events.some((e) => e.type === 'CaseCompleted'))
    throw new DomainError('INVALID_INPUT', 'a reject that decides the case needs the reasons in comment');
}

/**
 * A case the law decided (DeemGranted: a renewal undecided when the licence ended) stays red in every view: nobody
 * decided it in time, whatever its counted days say; no clock refresh resets it.
 */
export function keepDeemedRed<V extends { level: SlaLevel }>(row: Pick<CaseRow, 'state'>, view: V): V {
  return row.state.data?.deemed === true ? { ...view, level: 'red' } : view;
}

/** A clock that still counts (running or paused) owes alerts; a stopped one never again. */
function isLive(clock: ClockState | null): boolean {
  return clock !== null && (clock.status === 'running' || clock.status === 'paused');
}

/** The statutory clock follows the workflow: waits that do not count pause it, the end stops it. */
export function clockAfter(clock: ClockState, e: WorkflowEvent, today: string, expected?: { days: number; unit: LimitUnit }): ClockState {
  if (e.type === 'StepEntered' && e.pausesClock && clock.status === 'running') {
    return pauseClock(
      clock,
      { reason: e.pausesClock, expectedDays: expected?.days ?? 0, ...(expected ? { expectedUnit: expected.unit } : {}), comment: `step ${e.stepId}` },
      today,
    );
  }
  if (e.type === 'StepLeft' && e.pausesClock && clock.status === 'paused') return resumeClock(clock, today);
  if (e.type === 'CaseCompleted' && (clock.status === 'running' || clock.status === 'paused')) {
    const running = clock.status === 'paused' ? resumeClock(clock, today) : clock;
    return stopClock(running, today);
  }
  return clock;
}

type TaskChange = Partial<Pick<TaskRow, 'status' | 'outcome' | 'completedAt' | 'completedBy' | 'assignee'>>;

/** What one command writes besides the case row, collected so it goes to the database in few statements. */
class PendingWrites {
  readonly newTasks: { countersign: boolean; row: TaskRow }[] = [];
  /** Changes of existing tasks, merged per task in event order. */
  readonly taskChanges = new Map<string, TaskChange>();
  readonly history: { actor: string; action: string; detail: Record<string, unknown> }[] = [];
  readonly integrity: IntegrityFact[] = [];
  private readonly planned = new Map<string, PlannedTimer>();
  readonly retired = new Set<string>();

  updateTask(id: string, change: TaskChange): void {
    const opened = this.newTasks.find((t) => t.row.id === id);
    if (opened) Object.assign(opened.row, change);
    else this.taskChanges.set(id, { ...this.taskChanges.get(id), ...change });
  }

  /** A timer to write (after the retirements: retired first and planned again, it stays). */
  plan(t: PlannedTimer): void {
    this.planned.set(t.id, t);
  }

  /** Timers that no longer apply (planned earlier in the same command, they are not written either). */
  retire(...ids: string[]): void {
    for (const id of ids) {
      this.planned.delete(id);
      this.retired.add(id);
    }
  }

  get timers(): PlannedTimer[] {
    return [...this.planned.values()];
  }
}

const JSON_TASK_FIELDS: Record<keyof TaskChange, string> = {
  status: 'status',
  outcome: 'outcome',
  completedAt: 'completed_at',
  completedBy: 'completed_by',
  assignee: 'assignee',
};

/** The timers writeCaseChange brings up to date, with the wake-up of each one it inserts or moves. */
interface TimerWrites {
  /** The case's SLA timers not among `timers` go (those of a superseded clock version). */
  supersede: boolean;
  timers: PlannedTimer[];
  wakeUps: { timerId: string; row: PendingOutboxRow }[];
}

/**
 * The connections of execute's commands whose transaction has not begun: what they ran so far were reads, and
 * persist begins the transaction before the write (or writes its one statement alone).
 */
const deferred = new WeakSet<QueryRunner>();

/** The version check failed: a concurrent command wrote the case after this one read it (execute runs it again). */
const CASE_CHANGED = Symbol('caseChanged');
/** How many times execute runs a command that keeps losing the race to concurrent ones before it answers CONFLICT. */
export const CONFLICT_ATTEMPTS = 5;

function caseChanged(caseId: string): DomainError {
  return Object.assign(new DomainError('CONFLICT', `case ${caseId} was changed by another command at the same time; try again`), { [CASE_CHANGED]: true });
}

function isCaseChanged(err: unknown): boolean {
  return err instanceof DomainError && (err as unknown as Record<symbol, unknown>)[CASE_CHANGED] === true;
}

/** The case row's columns as CaseRow's properties (`c` the cases table). */
const CASE_COLUMNS = `c.id, c.definition_key AS "definitionKey", c.definition_version AS "definitionVersion", c.license_type AS "licenseType",
  c.sub_item_code AS "subItemCode", c.applicant_credit_code AS "applicantCreditCode", c.applicant_user_id AS "applicantUserId", c.status, c.state, c.clock,
  c.yellow_within_days AS "yellowWithinDays", c.sla_level AS "slaLevel", c.due_date::text AS "dueDate", c.sla_alerted_level AS "slaAlertedLevel",
  c.calendar_complete AS "calendarComplete", c.elapsed_days AS "elapsedDays", c.days_saved AS "daysSaved", c.within_committed AS "withinCommitted",
  c.version, c.audit_head AS "auditHead", c.audit_count AS "auditCount", c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.closed_at AS "closedAt"`;

/**
 * Reads a case in one statement without the query builder: unlocked (the runtime's write checks the version),
 * or `lock`ed FOR UPDATE for a caller that writes rows of its own before the runtime's; with `dutiesOf` (the
 * people a task command names) also the duty rules' facts, so the command needs no other read.
 */
export async function readCase(
  tx: EntityManager,
  caseId: string,
  o: { lock?: boolean; dutiesOf?: string[] } = {},
): Promise<{ row: CaseRow; duties?: ReadDutyFacts } | null> {
  const params: unknown[] = [caseId];
  if (o.dutiesOf) params.push(o.dutiesOf);
  const [r] = (await tx.query(
    `SELECT ${CASE_COLUMNS}${o.dutiesOf ? `, ${dutyFactsSql('$2')}` : ''} FROM cases c WHERE c.id = $1${o.lock ? ' FOR UPDATE OF c' : ''}`,
    params,
  )) as (CaseRow & Parameters<typeof dutyFactsFrom>[0])[];
  if (!r) return null;
  const { dutyCompleted, dutyRecused, dutyStaff, ...fields } = r;
  const row = Object.assign(new CaseRow(), fields);
  return o.dutiesOf ? { row, duties: dutyFactsFrom({ dutyCompleted, dutyRecused, dutyStaff }) } : { row };
}

/**
 * One statement for everything a command writes but its effects' own rows: the case row (inserted, or updated
 * where its version is still the one read: the row lock is taken here, by the write), the tasks it opened and
 * changed (open tasks other than countersigns take the case's committed deadline when the case has a clock),
 * the timers it retired and the case's timers brought up to date, its history lines, integrity facts, audit
 * entry and metric increments, and its outbox rows (those collected so far, and a wake-up for each timer
 * inserted or moved). Every other part waits for the case row's (`c`) and writes nothing when it wrote
 * nothing. Apart from that the parts touch disjoint rows, so their order within the statement does not
 * matter. Returns false when the version check failed (nothing written).
 */
async function writeCaseChange(
  tx: EntityManager,
  row: CaseRow,
  w: PendingWrites,
  now: Date,
  applicationId: string | null,
  o: {
    audit: { caseSeq: number; actor: string; action: string; payload: Record<string, unknown>; prevHash: string | null; hash: string; alg: string };
    /** The version the command read (the case is updated only if it still has it); null: a new case, inserted. */
    readVersion: number | null;
    timers: TimerWrites | null;
    metrics: { metric: string; labels: string; by: number }[];
    outbox: PendingOutboxRow[];
  },
): Promise<boolean> {
  const params: unknown[] = [];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const caseId = p(row.id);
  const at = p(now);
  const ctes: string[] = [];
  const after = `EXISTS (SELECT 1 FROM c)`;
  const changed = [...w.taskChanges.entries()];
  const syncDue = row.clock !== null;
  // a parameter the statement does not use would have no type: allocated on first use
  let due: string | undefined;
  const dueDateParam = (): string => (due ??= p(row.dueDate));
  const state = p(JSON.stringify(row.state));
  const clock = p(row.clock === null ? null : JSON.stringify(row.clock));
  if (o.readVersion === null) {
    ctes.push(
      `c AS (INSERT INTO cases (id, definition_key, definition_version, license_type, sub_item_code, applicant_credit_code, applicant_user_id, status, state, clock,
          yellow_within_days, sla_level, due_date, sla_alerted_level, calendar_complete, elapsed_days, days_saved, within_committed, version, audit_head, audit_count,
          created_at, updated_at, closed_at)
        VALUES (${caseId}, ${p(row.definitionKey)}, ${p(row.definitionVersion)}::int, ${p(row.licenseType)}, ${p(row.subItemCode)}, ${p(row.applicantCreditCode)},
          ${p(row.applicantUserId)}, ${p(row.status)}, ${state}::jsonb, ${clock}::jsonb, ${p(row.yellowWithinDays)}::int, ${p(row.slaLevel)}, ${dueDateParam()}::date,
          ${p(row.slaAlertedLevel)}, ${p(row.calendarComplete)}::boolean, ${p(row.elapsedDays)}::int, ${p(row.daysSaved)}::int, ${p(row.withinCommitted)}::boolean,
          ${p(row.version)}::int, ${p(row.auditHead)}, ${p(row.auditCount)}::int, ${p(row.createdAt)}::timestamptz, ${p(row.updatedAt)}::timestamptz, ${p(row.closedAt)}::timestamptz)
        RETURNING 1 AS one)`,
    );
  } else {
    ctes.push(
      `c AS (UPDATE cases SET state = ${state}::jsonb, definition_key = ${p(row.definitionKey)}, definition_version = ${p(row.definitionVersion)}::int, clock = ${clock}::jsonb, status = ${p(row.status)}, sla_level = ${p(row.slaLevel)}, due_date = ${dueDateParam()}::date,
        sla_alerted_level = ${p(row.slaAlertedLevel)}, calendar_complete = ${p(row.calendarComplete)}, elapsed_days = ${p(row.elapsedDays)}::int, days_saved = ${p(row.daysSaved)}::int, within_committed = ${p(row.withinCommitted)}::boolean,
        version = ${p(row.version)}, audit_head = ${p(row.auditHead)}, audit_count = ${p(row.auditCount)}, updated_at = ${p(row.updatedAt)}, closed_at = ${p(row.closedAt)}::timestamptz
        WHERE id = ${caseId} AND version = ${p(o.readVersion)}::int RETURNING 1 AS one)`,
    );
  }
  if (changed.length) {
    const set = (Object.keys(JSON_TASK_FIELDS) as (keyof TaskChange)[])
      .filter((k) => k !== 'status')
      .map(
        (k) =>
          `${JSON_TASK_FIELDS[k]} = CASE WHEN u.s ? '${k}' THEN (u.s->>'${k}')::${k === 'completedAt' ? 'timestamptz' : 'text'} ELSE t.${JSON_TASK_FIELDS[k]} END`,
      );
    const status = `COALESCE(u.s->>'status', t.status)`;
    ctes.push(
      `tu AS (UPDATE tasks t SET status = ${status}, ${set.join(', ')}${syncDue ? `, due_date = CASE WHEN ${status} = 'open' AND t.kind <> 'countersign' THEN ${dueDateParam()}::date ELSE t.due_date END` : ''}
        FROM unnest(${p(changed.map(([id]) => id))}::text[], ${p(changed.map(([, c]) => JSON.stringify(c)))}::jsonb[]) AS u(id, s) WHERE t.id = u.id AND t.case_id = ${caseId} AND ${after})`,
    );
  }
  if (syncDue) {
    ctes.push(
      `td AS (UPDATE tasks SET due_date = ${dueDateParam()}::date WHERE case_id = ${caseId} AND status = 'open' AND kind <> 'countersign' AND due_date IS DISTINCT FROM ${dueDateParam()}::date AND NOT (id = ANY(${p(changed.map(([id]) => id))}::text[])) AND ${after})`,
    );
  }
  if (w.newTasks.length) {
    const t = w.newTasks.map((x) => x.row);
    ctes.push(
      `ti AS (INSERT INTO tasks (id, case_id, kind, step_id, dept, assignee, status, outcome, due_date, created_at, completed_at, completed_by)
        SELECT * FROM unnest(${p(t.map((x) => x.id))}::text[], ${p(t.map((x) => x.caseId))}::text[], ${p(t.map((x) => x.kind))}::text[], ${p(t.map((x) => x.stepId))}::text[], ${p(t.map((x) => x.dept))}::text[], ${p(t.map((x) => x.assignee))}::text[],
          ${p(t.map((x) => x.status))}::text[], ${p(t.map((x) => x.outcome))}::text[], ${p(t.map((x) => x.dueDate))}::date[], ${p(t.map((x) => x.createdAt))}::timestamptz[], ${p(t.map((x) => x.completedAt))}::timestamptz[], ${p(t.map((x) => x.completedBy))}::text[])
        WHERE ${after})`,
    );
  }
  // a timer retired and written again in one command stays (the upsert below moves it): not deleted here
  const timerIds = new Set((o.timers?.timers ?? []).map((t) => t.id));
  const retired = [...w.retired].filter((id) => !timerIds.has(id));
  if (retired.length) ctes.push(`tr AS (DELETE FROM timers WHERE id = ANY(${p(retired)}::text[]) AND fired_at IS NULL AND ${after})`);
  if (o.timers?.supersede) {
    ctes.push(
      `tg AS (DELETE FROM timers WHERE case_id = ${caseId} AND fired_at IS NULL AND kind = ANY(${p(SLA_TIMER_KINDS)}::text[]) AND NOT (id = ANY(${p([...timerIds])}::text[])) AND ${after})`,
    );
  }
  const timers = o.timers?.timers ?? [];
  if (timers.length) {
    ctes.push(
      `tm AS (INSERT INTO timers (id, case_id, kind, data, due_at)
        SELECT * FROM unnest(${p(timers.map((t) => t.id))}::text[], ${p(timers.map((t) => t.caseId))}::text[], ${p(timers.map((t) => t.kind))}::text[], ${p(timers.map((t) => JSON.stringify(t.data)))}::jsonb[], ${p(timers.map((t) => t.dueAt))}::timestamptz[])
        WHERE ${after}
        ON CONFLICT (id) DO UPDATE SET due_at = EXCLUDED.due_at, data = EXCLUDED.data WHERE timers.fired_at IS NULL AND timers.due_at <> EXCLUDED.due_at
        RETURNING id)`,
    );
  }
  if (w.history.length) {
    const h = w.history;
    ctes.push(
      `h AS (INSERT INTO case_history (case_id, at, actor, action, detail)
        SELECT ${caseId}, ${at}, l.actor, l.action, l.detail FROM unnest(${p(h.map((x) => x.actor))}::text[], ${p(h.map((x) => x.action))}::text[], ${p(h.map((x) => JSON.stringify(x.detail)))}::jsonb[]) WITH ORDINALITY AS l(actor, action, detail, n)
        WHERE ${after} ORDER BY l.n)`,
    );
  }
  if (w.integrity.length) {
    const f = w.integrity;
    // one row per case for longPauses (a partial unique index): the first time it was found stands
    ctes.push(
      `ie AS (INSERT INTO integrity_events (list, case_id, application_id, user_id, credit_code, at, detail)
        SELECT l.list, ${caseId}, ${p(applicationId)}::text, l.user_id, ${p(row.applicantCreditCode)}::text, ${at}::timestamptz, l.detail FROM unnest(${p(f.map((x) => x.list))}::text[], ${p(f.map((x) => x.userId))}::text[], ${p(f.map((x) => JSON.stringify(x.detail)))}::jsonb[]) AS l(list, user_id, detail)
        WHERE ${after}
        ON CONFLICT DO NOTHING)`,
    );
  }
  const a = o.audit;
  ctes.push(
    `a AS (INSERT INTO audit_log (case_id, case_seq, at, actor, action, payload, prev_hash, hash, alg)
      SELECT ${caseId}, ${p(a.caseSeq)}::int, ${at}::timestamptz, ${p(a.actor)}, ${p(a.action)}, ${p(JSON.stringify(a.payload))}::jsonb, ${p(a.prevHash)}::text, ${p(a.hash)}::text, ${p(a.alg)}::text FROM c)`,
  );
  if (o.metrics.length) {
    // in key order, so two transactions never wait on each other in a cycle (as incrementMetrics)
    const m = o.metrics;
    ctes.push(
      `m AS (INSERT INTO sla_metrics (metric, labels, value)
        SELECT u.metric, u.labels, u.by FROM unnest(${p(m.map((x) => x.metric))}::text[], ${p(m.map((x) => x.labels))}::text[], ${p(m.map((x) => x.by))}::double precision[]) WITH ORDINALITY AS u(metric, labels, by, n)
        WHERE ${after} ORDER BY u.n
        ON CONFLICT (metric, labels) DO UPDATE SET value = sla_metrics.value + EXCLUDED.value)`,
    );
  }
  // the outbox rows: the batch's, then the wake-ups of the timers inserted or moved (the first of two rows with one id wins)
  const seen = new Set<string>();
  const outbox = [
    ...o.outbox.map((row) => ({ row, timerId: null as string | null })),
    ...(timers.length ? (o.timers?.wakeUps ?? []) : []).map((x) => ({ row: x.row, timerId: x.timerId as string | null })),
  ].filter((x) => !seen.has(x.row.id) && seen.add(x.row.id));
  if (outbox.length) {
    const r = outbox.map((x) => x.row);
    const woken = outbox.some((x) => x.timerId !== null) ? ` AND (o.timer_id IS NULL OR o.timer_id IN (SELECT id FROM tm))` : '';
    ctes.push(
      `ob AS (INSERT INTO outbox (id, queue, job_name, payload, correlation_id, delay)
        SELECT o.id, o.queue, o.job_name, o.payload, o.correlation_id, o.delay
        FROM unnest(${p(r.map((x) => x.id))}::uuid[], ${p(r.map((x) => x.queue))}::text[], ${p(r.map((x) => x.jobName))}::text[], ${p(r.map((x) => JSON.stringify(x.payload)))}::jsonb[],
          ${p(r.map((x) => x.correlationId))}::text[], ${p(r.map((x) => x.delay))}::int[], ${p(outbox.map((x) => x.timerId))}::text[]) WITH ORDINALITY AS o(id, queue, job_name, payload, correlation_id, delay, timer_id, n)
        WHERE ${after}${woken} ORDER BY o.n
        ON CONFLICT (id) DO NOTHING)`,
    );
  }
  const [{ n }] = (await tx.query(`WITH ${ctes.join(',\n')}\nSELECT count(*)::int AS n FROM c`, params)) as { n: number }[];
  return n === 1;
}
