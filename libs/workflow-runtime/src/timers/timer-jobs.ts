import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { CalendarYearLoadedV1, JobDef, ScheduleTickV1, TimerDueV1 } from '@permits/contracts/jobs';
import { Clock, ManualClock } from '@permits/clock';
import { claimInbox } from '@permits/persistence';
import { JobHandler, JobMeta, REDIS } from '@permits/queue';
import { parseYearScheduleJson } from '@permits/workflow/calendar';
import { BundledCalendar } from '../calendar.source';
import { storeReplicatedYear } from './calendar-years';
import { TimerService } from './timer.service';
import { safeErrorMessage } from '@permits/core';

/** How often the worker reconciles timers with PostgreSQL (and how far ahead it restores wake-ups: twice that). */
export const RECONCILE_MS = 60_000;

/** A wake-up reached the worker: fire the timer if it is due; an early one re-arms, a stale one does nothing. */
export class TimerDueHandler implements JobHandler<TimerDueV1> {
  constructor(
    readonly job: JobDef<TimerDueV1>,
    private readonly timers: TimerService,
  ) {}

  async handle(p: TimerDueV1): Promise<void> {
    if (!(await this.timers.fireOne(p.timerId))) await this.timers.rearm(p.timerId);
  }
}

/**
 * intake loaded a year's schedule: store this service's copy (unless a later revision is there), reload
 * the calendar here and in every process of the service, and move the open cases' deadlines and timers.
 * The recomputation runs on every delivery: it is idempotent, and a crash halfway must not skip it.
 */
export class CalendarYearHandler implements JobHandler<CalendarYearLoadedV1> {
  private readonly logger = new Logger('CalendarYearHandler');

  constructor(
    readonly job: JobDef<CalendarYearLoadedV1>,
    private readonly db: DataSource,
    private readonly calendar: BundledCalendar,
    private readonly timers: TimerService,
  ) {}

  async handle(p: CalendarYearLoadedV1, meta: JobMeta): Promise<void> {
    let schedule;
    try {
      schedule = parseYearScheduleJson({ year: p.year, holidays: p.holidays, workdays: p.workdays, source: p.source });
    } catch (err) {
      throw new UnrecoverableError(`invalid ${this.job.name} payload: ${(err as Error).message}`);
    }
    const stored = await this.db.transaction(async (tx) => {
      if (!(await claimInbox(tx, meta.messageId, meta.jobName))) return false;
      return storeReplicatedYear(tx, { ...schedule, revision: p.revision, loadedAt: new Date(p.loadedAt), loadedBy: p.loadedBy });
    });
    await this.calendar.reload();
    await this.calendar.announce(p.year);
    this.logger.log({ year: p.year, revision: p.revision, stored }, 'calendar year received');
    await this.timers.recomputeAll(p.correlationId, { year: p.year, revision: p.revision, source: p.source });
  }
}

/**
 * Every RECONCILE_MS (the job scheduler `schedule.timer-reconcile.v1` of the service's queue: one job per period for
 * all replicas): reconciles the timers with PostgreSQL (fires what is overdue, restores wake-ups lost with Redis,
 * up to twice the period ahead). The tick only wakes the sweep: every deadline lives in the timers table.
 */
export class TimerReconcileHandler implements JobHandler<ScheduleTickV1> {
  constructor(
    readonly job: JobDef<ScheduleTickV1>,
    private readonly timers: TimerService,
    readonly everyMs = RECONCILE_MS,
  ) {}

  async handle(): Promise<void> {
    await this.timers.reconcile(2 * this.everyMs);
  }
}

/**
 * The worker side of the timers at start: reconciles once (the periodic reconciliation is TimerReconcileHandler's)
 * and, with the manual clock, sweeps whenever the clock moves (BullMQ delays count real time, which the manual
 * clock does not follow). No deadline lives in this process.
 */
@Injectable()
export class TimerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TimerHost');
  private subscriber?: IORedis;
  private stopped = false;

  constructor(
    private readonly timers: TimerService,
    private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: IORedis,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.clock instanceof ManualClock) {
      const sub = this.redis.duplicate();
      this.subscriber = sub;
      sub.on('error', (err) => this.logger.warn({ err: safeErrorMessage(err) }, 'clock subscriber error'));
      sub.on('message', () => this.run('clock moved', () => this.timers.sweep()));
      await sub.subscribe(this.clock.channel);
    }
    this.run('start', () => this.timers.reconcile(2 * RECONCILE_MS));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.subscriber?.disconnect();
    await this.timers.idle();
  }

  private run(why: string, work: () => Promise<unknown>): void {
    if (this.stopped) return;
    work().catch((err: Error) => this.logger.error({ err: safeErrorMessage(err), why }, 'timer sweep failed; the next one retries'));
  }
}
