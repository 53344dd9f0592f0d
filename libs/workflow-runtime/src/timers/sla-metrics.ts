import { Injectable, Logger } from '@nestjs/common';
import { Gauge, MetricValueWithName } from 'prom-client';
import { DataSource } from 'typeorm';
import { SLA_LEVELS } from '@permits/contracts/enums';
import { Metrics } from '@permits/http';
import { DAYS_SAVED_BUCKETS, parseLabelKey } from './timer-plan';
import { safeErrorMessage } from '@permits/core';

interface CounterRow {
  metric: string;
  labels: string;
  value: number;
}

/**
 * The SLA figures of this service on its /metrics, read from PostgreSQL when scraped, so that what the
 * worker does (alerts, cases closed by a system step) counts as much as what the HTTP process does:
 *
 * - `sla_open_cases{level}`: open cases with a running or paused clock, by level (gauge);
 * - `sla_open_cases_calendar_incomplete`: open cases with a deadline over a year the calendar does not
 *   cover (gauge);
 * - `sla_alerts_sent_total{level}`: sla_yellow / sla_red alerts sent (counter);
 * - `sla_calendar_incomplete_deadlines_total`: deadlines computed over an uncovered year (counter);
 * - `sla_days_saved{license_type}`: statutory limit minus days used, observed when a case is decided
 *   (histogram).
 *
 * The counters and the histogram live in the `sla_metrics` table, incremented in the transaction of what
 * they count; the gauges are two indexed counts.
 */
@Injectable()
export class SlaMetrics {
  private readonly logger = new Logger(SlaMetrics.name);

  constructor(
    private readonly db: DataSource,
    metrics: Metrics,
  ) {
    const registry = metrics.registry;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- prom-client calls collect() with its own `this`
    const self = this;
    new Gauge({
      name: 'sla_open_cases',
      help: 'Open cases whose statutory clock runs or is paused, by SLA level',
      labelNames: ['level'],
      registers: [registry],
      async collect() {
        const rows = await self.query<{ level: string; n: number }>(
          `SELECT sla_level AS level, count(*)::int AS n FROM cases WHERE closed_at IS NULL AND clock IS NOT NULL GROUP BY sla_level`,
        );
        for (const level of SLA_LEVELS) this.set({ level }, rows?.find((r) => r.level === level)?.n ?? 0);
      },
    });
    new Gauge({
      name: 'sla_open_cases_calendar_incomplete',
      help: 'Open cases with a deadline computed over a year the working-day calendar does not cover (Mon-Fri assumed)',
      registers: [registry],
      async collect() {
        const rows = await self.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM cases WHERE closed_at IS NULL AND clock IS NOT NULL AND NOT calendar_complete`,
        );
        this.set(rows?.[0]?.n ?? 0);
      },
    });
    const fromTable = (
      name: string,
      help: string,
      type: 'counter' | 'histogram',
      names: string[],
      labelNames: string[],
      defaults: MetricValueWithName<string>[] = [],
    ) =>
      registry.registerMetric({
        name,
        help,
        type,
        aggregator: 'sum',
        labelNames,
        reset: () => undefined,
        get: async () => {
          const rows =
            (await this.query<CounterRow>(`SELECT metric, labels, value FROM sla_metrics WHERE metric = ANY($1) ORDER BY metric, labels`, [names])) ?? [];
          const values: MetricValueWithName<string>[] = rows.map((r) => ({ metricName: r.metric, labels: parseLabelKey(r.labels), value: Number(r.value) }));
          const seen = new Set(values.map((v) => `${v.metricName}|${JSON.stringify(v.labels)}`));
          for (const d of defaults) if (!seen.has(`${d.metricName}|${JSON.stringify(d.labels)}`)) values.push(d);
          return { name, help, type, aggregator: 'sum', values: type === 'histogram' ? orderHistogram(withEveryBucket(values)) : values };
        },
      } as unknown as Parameters<typeof registry.registerMetric>[0]);
    fromTable(
      'sla_alerts_sent_total',
      'SLA alerts sent (sla_yellow, sla_red), by level',
      'counter',
      ['sla_alerts_sent_total'],
      ['level'],
      [
        { metricName: 'sla_alerts_sent_total', labels: { level: 'yellow' }, value: 0 },
        { metricName: 'sla_alerts_sent_total', labels: { level: 'red' }, value: 0 },
      ],
    );
    fromTable(
      'sla_calendar_incomplete_deadlines_total',
      'Deadlines computed over a year the working-day calendar does not cover (Mon-Fri assumed)',
      'counter',
      ['sla_calendar_incomplete_deadlines_total'],
      [],
      [{ metricName: 'sla_calendar_incomplete_deadlines_total', labels: {}, value: 0 }],
    );
    fromTable(
      'sla_days_saved',
      `Days saved against the statutory limit when a case is decided, by licence type (buckets ${DAYS_SAVED_BUCKETS.join(', ')})`,
      'histogram',
      ['sla_days_saved_bucket', 'sla_days_saved_sum', 'sla_days_saved_count'],
      ['license_type'],
    );
  }

  private async query<T>(sql: string, params: unknown[] = []): Promise<T[] | null> {
    try {
      return (await this.db.query(sql, params)) as T[];
    } catch (err) {
      this.logger.warn({ err: safeErrorMessage(err) }, 'SLA metrics unavailable');
      return null;
    }
  }
}

/**
 * Every bucket of every licence type seen: a case adds to the buckets at or above its value, so a bucket
 * with no row counts no case.
 */
function withEveryBucket(values: MetricValueWithName<string>[]): MetricValueWithName<string>[] {
  const types = new Set(values.filter((v) => v.metricName === 'sla_days_saved_count').map((v) => String(v.labels.license_type)));
  const have = new Set(values.filter((v) => v.metricName === 'sla_days_saved_bucket').map((v) => `${v.labels.license_type}|${v.labels.le}`));
  const out = [...values];
  for (const t of types) {
    for (const le of [...DAYS_SAVED_BUCKETS.map(String), '+Inf']) {
      if (!have.has(`${t}|${le}`)) out.push({ metricName: 'sla_days_saved_bucket', labels: { le, license_type: t }, value: 0 });
    }
  }
  return out;
}

/** Buckets in ascending `le` order (+Inf last), then sum and count, per licence type. */
function orderHistogram(values: MetricValueWithName<string>[]): MetricValueWithName<string>[] {
  const le = (v: MetricValueWithName<string>) => (v.labels.le === '+Inf' ? Infinity : Number(v.labels.le));
  const rank = (v: MetricValueWithName<string>) => (v.metricName?.endsWith('_bucket') ? 0 : v.metricName?.endsWith('_sum') ? 1 : 2);
  return [...values].sort((a, b) => String(a.labels.license_type).localeCompare(String(b.labels.license_type)) || rank(a) - rank(b) || le(a) - le(b));
}
