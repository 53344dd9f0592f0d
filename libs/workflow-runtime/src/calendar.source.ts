import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import type IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { QueueClient, REDIS } from '@permits/queue';
import { parseYearScheduleJson, WorkingCalendar, YearSchedule } from '@permits/workflow/calendar';
import { CalendarSource } from './casework.queries';
import { CalendarYearRow } from './timers/entities';
import { safeErrorMessage } from '@permits/core';

/** How old a loaded calendar may get before `get()` looks at the table again (the notice is the fast path). */
const RECHECK_MS = 30_000;

/**
 * The working-day calendar of this process: the bundled State Council schedules (chinese-days) with the
 * administrator-loaded years of this service's `calendar_years` table over them (each replaces its year).
 * Loaded at start; reloaded when a `${prefix}:calendar:changed` notice arrives on Redis, and otherwise
 * looked at again when `get()` finds it older than RECHECK_MS (a missed notice costs at most that).
 * `get()` stays synchronous: the clock's arithmetic never waits on I/O.
 */
@Injectable()
export class BundledCalendar implements CalendarSource, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Calendar');
  private calendar = WorkingCalendar.create();
  private loaded: CalendarYearRow[] = [];
  private fingerprint = '';
  private checkedAt = 0;
  private inflight?: Promise<boolean>;
  private subscriber?: IORedis;

  constructor(
    @Optional() private readonly db?: DataSource,
    @Optional() @Inject(REDIS) private readonly redis?: IORedis,
    @Optional() private readonly queues?: QueueClient,
  ) {}

  get(): WorkingCalendar {
    if (this.db && Date.now() - this.checkedAt > RECHECK_MS) void this.reload().catch(() => undefined);
    return this.calendar;
  }

  /** The administrator-loaded years in force in this process, oldest first. */
  loadedYears(): readonly CalendarYearRow[] {
    return this.loaded;
  }

  get channel(): string | undefined {
    return this.queues ? `${this.queues.prefix}:calendar:changed` : undefined;
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.reload();
    } catch (err) {
      // a database that is not migrated yet: the bundled data, flagged as such by isComplete()
      this.logger.error({ err: safeErrorMessage(err) }, 'could not read calendar_years; using the bundled schedules only');
    }
    if (this.redis && this.channel) {
      const sub = this.redis.duplicate();
      this.subscriber = sub;
      sub.on('error', (err) => this.logger.warn({ err: safeErrorMessage(err) }, 'calendar notice subscriber error'));
      sub.on('message', () => void this.reload().catch((err: Error) => this.logger.error({ err: safeErrorMessage(err) }, 'calendar reload failed')));
      await sub.subscribe(this.channel);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.subscriber?.disconnect();
  }

  /**
   * Reads this service's calendar_years and rebuilds the calendar when they changed; true when it did.
   * A year that does not validate is left out (and logged) rather than taking the whole calendar down.
   */
  reload(): Promise<boolean> {
    if (!this.db) return Promise.resolve(false);
    this.inflight ??= this.read().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  /** Tells every process of the deployment to reload (after this service stored a year). */
  async announce(year: number): Promise<void> {
    if (this.redis && this.channel) await this.redis.publish(this.channel, String(year));
  }

  private async read(): Promise<boolean> {
    const rows = await this.db!.getRepository(CalendarYearRow).find({ order: { year: 'ASC' } });
    this.checkedAt = Date.now();
    const fingerprint = rows.map((r) => `${r.year}:${r.revision}`).join(',');
    if (fingerprint === this.fingerprint) return false;
    const schedules: YearSchedule[] = [];
    const kept: CalendarYearRow[] = [];
    for (const r of rows) {
      try {
        schedules.push(parseYearScheduleJson({ year: r.year, holidays: r.holidays, workdays: r.workdays, source: r.source }));
        kept.push(r);
      } catch (err) {
        this.logger.error({ year: r.year, err: safeErrorMessage(err) }, 'stored calendar year does not validate; ignored');
      }
    }
    this.calendar = WorkingCalendar.create({ schedules });
    this.loaded = kept;
    this.fingerprint = fingerprint;
    this.logger.log({ years: kept.map((r) => `${r.year} (${r.source}, rev ${r.revision})`) }, 'working-day calendar loaded');
    return true;
  }
}
