import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A year's working-day schedule loaded by an administrator (DOMAIN.md: published each November, sometimes
 * corrected mid-year). It replaces the bundled chinese-days data of its year. Intake owns the master copy and
 * its API; every case-holding service keeps the same rows in its own schema (calendar.year-loaded.v1).
 */
@Entity({ name: 'calendar_years' })
export class CalendarYearRow {
  @PrimaryColumn('integer') year: number;
  /** Days off, YYYY-MM-DD, sorted. */
  @Column('jsonb') holidays: string[];
  /** Adjusted working weekends, YYYY-MM-DD, sorted. */
  @Column('jsonb') workdays: string[];
  @Column('text') source: string;
  /** +1 on every load of the year at intake: a lower revision never replaces a higher one. */
  @Column('integer') revision: number;
  @Column('timestamptz', { name: 'loaded_at' }) loadedAt: Date;
  @Column('text', { name: 'loaded_by' }) loadedBy: string;
}

/**
 * Monotonic counters for the SLA metrics, written in the same transaction as what they count (an alert, a
 * closed case), so that every process of the service, worker or HTTP, reports the same exact figure when
 * /metrics is scraped. One row per metric and label set.
 */
@Entity({ name: 'sla_metrics' })
export class SlaMetricRow {
  @PrimaryColumn('text') metric: string;
  /** Canonical label set, e.g. `license_type=radiation_safety,le=5`; '' for none. */
  @PrimaryColumn('text') labels: string;
  @Column('double precision', { default: 0 }) value: number;
}
