import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Jobs } from '@permits/contracts/jobs';
import { Clock } from '@permits/clock';
import { addToOutbox } from '@permits/persistence';
import { WorkingCalendar, YearSchedule } from '@permits/workflow/calendar';
import { BundledCalendar, storeLoadedYear } from '@permits/workflow-runtime';
import { notFound } from '@permits/core';

export interface YearSummary {
  year: number;
  /** `bundled`: the chinese-days package data; `loaded`: an administrator's upload (it replaces the bundled year). */
  origin: 'bundled' | 'loaded';
  source: string;
  holidays: number;
  workdays: number;
  revision: number | null;
  loadedAt: string | null;
  loadedBy: string | null;
}

export interface YearDetail extends Omit<YearSummary, 'holidays' | 'workdays'> {
  holidays: string[];
  workdays: string[];
}

/**
 * The working-day calendar's administration. Intake owns the schedules administrators load: it stores them
 * (calendar_years) and sends every case-holding service, itself included, a calendar.year-loaded.v1
 * message in the same transaction; each service stores its copy and moves its open cases' deadlines.
 */
@Injectable()
export class CalendarAdmin {
  private readonly logger = new Logger(CalendarAdmin.name);

  constructor(
    private readonly db: DataSource,
    private readonly calendar: BundledCalendar,
    private readonly clock: Clock,
  ) {}

  /** The years the calendar knows (every other year counts Monday to Friday, and deadlines over it are flagged), newest first. */
  async years(): Promise<{ items: YearSummary[]; range: { from: string; to: string } }> {
    await this.calendar.reload();
    const cal = this.calendar.get();
    const loaded = new Map(this.calendar.loadedYears().map((r) => [r.year, r]));
    const items = cal
      .coveredYears()
      .reverse()
      .map((year) => {
        const s = cal.scheduleFor(year)!;
        const row = loaded.get(year);
        return {
          year,
          origin: row ? ('loaded' as const) : ('bundled' as const),
          source: s.source,
          holidays: s.holidays.length,
          workdays: s.workdays.length,
          revision: row?.revision ?? null,
          loadedAt: row ? new Date(row.loadedAt).toISOString() : null,
          loadedBy: row?.loadedBy ?? null,
        };
      });
    return { items, range: WorkingCalendar.range };
  }

  async year(year: number): Promise<YearDetail> {
    await this.calendar.reload();
    const s = this.calendar.get().scheduleFor(year);
    if (!s) throw notFound(`a schedule for ${year} (the calendar counts Monday to Friday there, and flags every deadline over it)`);
    const row = this.calendar.loadedYears().find((r) => r.year === year);
    return {
      year,
      origin: row ? 'loaded' : 'bundled',
      source: s.source,
      revision: row?.revision ?? null,
      loadedAt: row ? new Date(row.loadedAt).toISOString() : null,
      loadedBy: row?.loadedBy ?? null,
      holidays: [...s.holidays],
      workdays: [...s.workdays],
    };
  }

  /** Stores a validated schedule (it replaces the bundled or earlier loaded one of its year) and tells every service. */
  async load(schedule: YearSchedule, by: string, correlationId: string): Promise<YearDetail> {
    const now = await this.clock.now();
    const revision = await this.db.transaction(async (tx) => {
      const rev = await storeLoadedYear(tx, schedule, by, now);
      const payload = {
        year: schedule.year,
        correlationId,
        holidays: schedule.holidays,
        workdays: schedule.workdays,
        source: schedule.source,
        revision: rev,
        loadedAt: now.toISOString(),
        loadedBy: by,
      };
      for (const job of [Jobs.CalendarYearLoaded.intake, Jobs.CalendarYearLoaded.eia, Jobs.CalendarYearLoaded.discharge, Jobs.CalendarYearLoaded.supervision])
        await addToOutbox(tx, job.queue, job, payload, { correlationId });
      return rev;
    });
    this.logger.log(
      { year: schedule.year, revision, source: schedule.source, holidays: schedule.holidays.length, workdays: schedule.workdays.length, by },
      'calendar year loaded',
    );
    await this.calendar.reload();
    await this.calendar.announce(schedule.year);
    return this.year(schedule.year);
  }

  /** The default source of an upload that names none. */
  static defaultSource(by: string, now: Date, format: 'json' | 'ics'): string {
    return `${format} upload by ${by} on ${now.toISOString().slice(0, 10)}`;
  }
}
