import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Dept } from '@permits/contracts/enums';
import { JobDef, TimerDueV1 } from '@permits/contracts/jobs';
import { addNotice } from '@permits/persistence';
import { Clock, ManualClock } from '@permits/clock';
import { QueueClient } from '@permits/queue';
import { shanghaiDate, WorkingCalendar } from '@permits/workflow/calendar';
import { CaseRuntime } from '../case-runtime';
import { CalendarSource } from '../casework.queries';
import { CaseRow, TimerRow } from '../entities';
import { countersignDueDate, TaskTimerData, taskTimers, TIMER_KINDS, waitTimer, WaitTimerData, wakeJobId } from './timer-plan';
import { scheduleWakeUp, upsertTimers, wakeDelay } from './timer-store';
import { safeErrorMessage } from '@permits/core';

/** What a kind of timer does when it falls due. */
export interface TimerKind {
  readonly kind: string;
  /**
   * Acts on the timer's case, locked, inside the transaction that marks the timer fired. Returns a word
   * recorded on the timer (`applied`, `stale`, …). A stale timer (superseded clock version, a step already
   * left) must do nothing.
   */
  fire(tx: EntityManager, timer: TimerRow, row: CaseRow): Promise<string>;
  /** For timers counted in days: the due time again under a changed calendar. */
  dueAgain?(timer: TimerRow, calendar: WorkingCalendar): Date;
  /** After `dueAgain` moved the timer, in the same transaction: keep what the kind's own rows say of that date. */
  moved?(tx: EntityManager, timer: TimerRow, dueAt: Date, calendar: WorkingCalendar): Promise<void>;
}

export const SYSTEM_ACTOR = { id: 'system:timer', roles: ['admin' as const] };

const BATCH = 100;
/** A timer whose handling fails this many times is given up (marked fired with outcome `failed`, logged). */
const MAX_ATTEMPTS = 5;

/**
 * Fires the timers of this service's cases. The due times live in PostgreSQL; what wakes the worker is a
 * delayed BullMQ job (system clock), a move of the manual clock, or the periodic reconciliation. Whatever
 * wakes it, firing is one transaction per timer that locks the case, then the timer (FOR UPDATE SKIP
 * LOCKED), marks it fired and lets its kind act: a timer fires once, however many wake-ups reach it.
 * The sweep reads due timers through the `timers_due` index, so its cost grows with the timers falling
 * due, not with the open cases.
 */
export class TimerService {
  private readonly logger = new Logger(TimerService.name);
  private readonly kinds = new Map<string, TimerKind>();
  private sweeping: Promise<number> | null = null;
  private sweepAgain = false;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly runtime: CaseRuntime,
    private readonly queues: QueueClient,
    private readonly calendar: CalendarSource,
    readonly job: JobDef<TimerDueV1>,
  ) {
    this.register(slaLevelKind(TIMER_KINDS.slaYellow, runtime));
    this.register(slaLevelKind(TIMER_KINDS.slaRed, runtime));
    this.register(waitKind(runtime));
    this.register(taskLevelKind(TIMER_KINDS.taskYellow));
    this.register(taskLevelKind(TIMER_KINDS.taskRed));
  }

  register(kind: TimerKind): void {
    this.kinds.set(kind.kind, kind);
  }

  /**
   * Fires one timer if it is due and not fired yet; false when there was nothing to do (not due, gone,
   * already fired, or another worker holds it).
   */
  async fireOne(timerId: string): Promise<boolean> {
    const now = await this.clock.now();
    return this.db.transaction(async (tx) => {
      const [due] = (await tx.query(`SELECT case_id FROM timers WHERE id = $1 AND fired_at IS NULL AND due_at <= $2`, [timerId, now])) as { case_id: string }[];
      if (!due) return false;
      // The case first, then the timer: the order every command takes (it locks the case, then writes its
      // timers), so a sweep and a command never wait on each other in a cycle.
      const row = await tx.getRepository(CaseRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id: due.case_id }).getOne();
      const timer = await tx
        .getRepository(TimerRow)
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where('t.id = :id AND t.fired_at IS NULL', { id: timerId })
        .getOne();
      if (!timer) return false;
      await tx.getRepository(TimerRow).update({ id: timer.id }, { firedAt: now });
      const kind = this.kinds.get(timer.kind);
      let outcome: string;
      if (!row) outcome = 'no_case';
      else if (!kind) outcome = 'unknown_kind';
      else outcome = await kind.fire(tx, { ...timer, firedAt: now }, row);
      if (!kind) this.logger.error({ timerId, kind: timer.kind }, 'no handler for this kind of timer');
      await tx.query(`UPDATE timers SET data = data || $2::jsonb WHERE id = $1`, [timer.id, JSON.stringify({ outcome })]);
      this.logger.log({ timerId, kind: timer.kind, caseId: timer.caseId, dueAt: timer.dueAt.toISOString(), outcome }, 'timer fired');
      return true;
    });
  }

  /**
   * A wake-up found its timer not due yet (a timer further out than one wake-up can wait, see
   * MAX_WAKE_DELAY_MS, or a clock running slow): arms another for the rest. With the manual clock a
   * wake-up's delay means nothing (the clock's moves sweep), so nothing is re-armed.
   */
  async rearm(timerId: string): Promise<void> {
    if (this.clock instanceof ManualClock) return;
    const now = await this.clock.now();
    const [t] = (await this.db.query(`SELECT due_at FROM timers WHERE id = $1 AND fired_at IS NULL AND due_at > $2`, [timerId, now])) as { due_at: Date }[];
    if (!t) return;
    const due = new Date(t.due_at);
    const hop = `${timerId}@${new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString()}`;
    await this.queues
      .queue(this.job.queue)
      .add(this.job.name, { timerId, correlationId: `timer:${timerId}` }, { jobId: wakeJobId(hop, due), delay: wakeDelay(due, now) });
  }

  /**
   * Fires every timer due by the clock's now, in due order, in batches. Sweeps of one process never
   * overlap: a call during a sweep runs one more sweep after it (a clock moved again meanwhile).
   */
  sweep(): Promise<number> {
    if (this.sweeping) {
      this.sweepAgain = true;
      return this.sweeping;
    }
    this.sweeping = (async () => {
      let fired = 0;
      do {
        this.sweepAgain = false;
        fired += await this.sweepOnce();
      } while (this.sweepAgain);
      return fired;
    })().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  /** Resolves when no sweep is running (shutdown waits for the one in hand). */
  async idle(): Promise<void> {
    await this.sweeping?.catch(() => undefined);
  }

  private async sweepOnce(): Promise<number> {
    const now = await this.clock.now();
    const skip: string[] = [];
    let fired = 0;
    for (;;) {
      const rows = (await this.db.query(`SELECT id FROM timers WHERE fired_at IS NULL AND due_at <= $1 AND NOT (id = ANY($2)) ORDER BY due_at, id LIMIT $3`, [
        now,
        skip,
        BATCH,
      ])) as { id: string }[];
      if (rows.length === 0) return fired;
      for (const { id } of rows) {
        try {
          if (await this.fireOne(id)) fired++;
          else skip.push(id); // held by another worker, or gone: not this sweep's to fire
        } catch (err) {
          skip.push(id);
          await this.failed(id, err as Error);
        }
      }
    }
  }

  private async failed(timerId: string, err: Error): Promise<void> {
    const now = await this.clock.now();
    const rows = (await this.db.query(
      `UPDATE timers SET data = jsonb_set(data, '{attempts}', to_jsonb(COALESCE((data->>'attempts')::int, 0) + 1)) || jsonb_build_object('lastError', $2::text)
        WHERE id = $1 AND fired_at IS NULL RETURNING (data->>'attempts')::int AS attempts`,
      [timerId, safeErrorMessage(err).slice(0, 500)],
    )) as [{ attempts: number }[], number];
    const attempts = rows[0]?.[0]?.attempts ?? 0;
    if (attempts >= MAX_ATTEMPTS) {
      await this.db.query(`UPDATE timers SET fired_at = $2, data = data || '{"outcome":"failed"}'::jsonb WHERE id = $1 AND fired_at IS NULL`, [timerId, now]);
      this.logger.error({ timerId, attempts, err: safeErrorMessage(err) }, 'timer failed too often; given up');
    } else {
      this.logger.warn({ timerId, attempts, err: safeErrorMessage(err) }, 'timer failed; the next sweep retries it');
    }
  }

  /**
   * Re-creates the wake-ups of the timers falling due within `horizonMs` (those lost with Redis come back;
   * BullMQ ignores a job id it still holds). Timers further out get theirs when they come within reach.
   */
  async rewake(horizonMs: number): Promise<number> {
    const now = await this.clock.now();
    const rows = (await this.db.query(`SELECT id, due_at FROM timers WHERE fired_at IS NULL AND due_at > $1 AND due_at <= $2 ORDER BY due_at`, [
      now,
      new Date(now.getTime() + horizonMs),
    ])) as { id: string; due_at: Date }[];
    if (rows.length === 0) return 0;
    await this.queues.queue(this.job.queue).addBulk(
      rows.map((r) => ({
        name: this.job.name,
        data: { timerId: r.id, correlationId: `timer:${r.id}` },
        opts: { jobId: wakeJobId(r.id, new Date(r.due_at)), delay: wakeDelay(new Date(r.due_at), now) },
      })),
    );
    return rows.length;
  }

  /** What the worker runs at start and every minute: fire what is overdue, restore near wake-ups. */
  async reconcile(horizonMs: number): Promise<{ fired: number; rewoken: number }> {
    const fired = await this.sweep();
    const rewoken = await this.rewake(horizonMs);
    return { fired, rewoken };
  }

  /**
   * After the calendar changed: moves every pending timer counted in days, and brings every open case's
   * level, deadlines and SLA timers up to date (an audit entry `calendar_updated` where a person sees a
   * change), then fires what became due. Rare, so it may walk the open cases.
   */
  async recomputeAll(correlationId: string, detail: Record<string, unknown>): Promise<{ timersMoved: number; casesChanged: number }> {
    const calendar = this.calendar.get();
    const now = await this.clock.now();
    let timersMoved = 0;
    const counted = [...this.kinds.values()].filter((k) => k.dueAgain !== undefined).map((k) => k.kind);
    let after = '';
    for (;;) {
      const timers = await this.db
        .getRepository(TimerRow)
        .createQueryBuilder('t')
        .where('t.fired_at IS NULL AND t.kind IN (:...counted) AND t.id > :after', { counted, after })
        .orderBy('t.id')
        .limit(BATCH)
        .getMany();
      if (timers.length === 0) break;
      for (const t of timers) {
        const due = this.kinds.get(t.kind)!.dueAgain!(t, calendar);
        if (due.getTime() === t.dueAt.getTime()) continue;
        await this.db.transaction(async (tx) => {
          const moved = (await tx.query(`UPDATE timers SET due_at = $2 WHERE id = $1 AND fired_at IS NULL AND due_at = $3 RETURNING id`, [
            t.id,
            due,
            t.dueAt,
          ])) as [unknown[], number];
          if (moved[1] > 0) {
            await this.kinds.get(t.kind)!.moved?.(tx, t, due, calendar);
            await scheduleWakeUp(tx, this.job, t.id, due, now, correlationId);
            timersMoved++;
          }
        });
      }
      after = timers[timers.length - 1].id;
    }

    let casesChanged = 0;
    after = '';
    for (;;) {
      const ids = (await this.db.query(`SELECT id FROM cases WHERE closed_at IS NULL AND clock IS NOT NULL AND id > $1 ORDER BY id LIMIT $2`, [
        after,
        BATCH,
      ])) as { id: string }[];
      if (ids.length === 0) break;
      for (const { id } of ids) {
        const changed = await this.db.transaction(async (tx) => {
          const row = await tx.getRepository(CaseRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
          if (!row || row.closedAt) return false;
          return this.runtime.refresh(tx, row, SYSTEM_ACTOR, 'calendar_updated', { correlationId, input: detail });
        });
        if (changed) casesChanged++;
      }
      after = ids[ids.length - 1].id;
    }
    const tasksMoved = await recomputeCountersigns(this.db, this.job, calendar, now, correlationId);
    this.logger.log({ ...detail, timersMoved, casesChanged, tasksMoved }, 'deadlines recomputed after a calendar change');
    await this.sweep();
    return { timersMoved, casesChanged };
  }
}

/**
 * Countersign tasks are due 7 working days after they opened (their own due date and alerts): by the calendar as it
 * now stands, so a year loaded (or corrected) later moves them too. Their alert timers move with them (one already
 * fired stays fired).
 */
export async function recomputeCountersigns(
  db: DataSource,
  job: JobDef<TimerDueV1>,
  calendar: WorkingCalendar,
  now: Date,
  correlationId: string,
): Promise<number> {
  let moved = 0;
  let after = '';
  for (;;) {
    const tasks: { id: string; case_id: string; dept: string; created_at: Date; due_date: string; yellow_within_days: number }[] = await db.query(
      `SELECT t.id, t.case_id, t.dept, t.created_at, t.due_date::text AS due_date, c.yellow_within_days
         FROM tasks t JOIN cases c ON c.id = t.case_id
        WHERE t.status = 'open' AND t.kind = 'countersign' AND t.due_date IS NOT NULL AND t.id > $1 ORDER BY t.id LIMIT $2`,
      [after, BATCH],
    );
    if (tasks.length === 0) return moved;
    for (const t of tasks) {
      const openedOn = shanghaiDate(t.created_at);
      const due = countersignDueDate(openedOn, calendar);
      if (due === t.due_date) continue;
      await db.transaction(async (tx) => {
        await tx.query(`UPDATE tasks SET due_date = $2 WHERE id = $1 AND status = 'open'`, [t.id, due]);
        await upsertTimers(tx, job, taskTimers(t.case_id, { id: t.id, dept: t.dept }, openedOn, due, calendar, t.yellow_within_days), now, correlationId);
      });
      moved++;
    }
    after = tasks[tasks.length - 1].id;
  }
}

/** The first yellow or red day of a clock version: bring the case's level, deadlines and alerts up to date. */
function slaLevelKind(kind: string, runtime: CaseRuntime): TimerKind {
  return {
    kind,
    async fire(tx, timer, row) {
      if (!row.clock || row.clock.version !== timer.data.clockVersion || row.clock.status !== 'running') return 'stale';
      const changed = await runtime.refresh(tx, row, SYSTEM_ACTOR, 'sla_level_changed', {
        correlationId: randomUUID(),
        input: { timer: timer.kind, on: timer.data.on },
      });
      return changed ? 'applied' : 'unchanged';
    },
  };
}

/** A workflow `wait` step is over: tell the engine (WaitElapsed with the step's round, so a stale timer is refused). */
function waitKind(runtime: CaseRuntime): TimerKind {
  return {
    kind: TIMER_KINDS.wait,
    async fire(tx, timer, row) {
      const { stepId, round } = timer.data as unknown as WaitTimerData;
      const s = row.state;
      if (s.status === 'completed' || s.currentStepId !== stepId || s.rounds[stepId] !== round) return 'stale';
      await runtime.apply(
        tx,
        row,
        { type: 'WaitElapsed', stepId, round, actor: SYSTEM_ACTOR },
        { correlationId: randomUUID(), input: { stepId, round, lastDay: timer.data.lastDay }, clockDay: shanghaiDate(timer.dueAt) },
      );
      return 'applied';
    },
    dueAgain(timer, calendar) {
      return waitTimer(timer.caseId, timer.data as unknown as WaitTimerData, calendar).dueAt;
    },
  };
}

/**
 * A countersign task reached yellow or red on its own due date (7 working days after it opened): the
 * section holding it is told, once; the applicant is not, and the case's clock does not change.
 */
function taskLevelKind(kind: string): TimerKind {
  return {
    kind,
    async fire(tx, timer, row) {
      const data = timer.data as unknown as TaskTimerData;
      const [task] = (await tx.query(`SELECT dept FROM tasks WHERE id = $1 AND status = 'open'`, [data.taskId])) as { dept: Dept }[];
      if (!task) return 'stale';
      const correlationId = randomUUID();
      await addNotice(tx, {
        kind: data.level === 'red' ? 'sla_red' : 'sla_yellow',
        applicationId: row.id,
        correlationId,
        recipients: { depts: [task.dept] },
        data: { taskId: data.taskId, taskKind: 'countersign', level: data.level, dueDate: data.dueDate },
      });
      return 'applied';
    },
  };
}
