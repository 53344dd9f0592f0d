import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AggregatorRegistry, MetricObjectWithValues, MetricValue } from 'prom-client';
import { Public } from '@permits/auth';
import { SERVICE_NAMES } from '@permits/config';
import { Metrics } from '@permits/http';
import { QueueDepth } from './queue-depth';
import { Upstream } from './upstream';

/** How long one fan-out to the services answers /health or /metrics for everyone asking. */
export const OPS_CACHE_MS = 1000;

/**
 * `fn` shared: callers within `ttlMs` of the last answer get it again, callers while it runs wait for the same
 * run. However often /health or /metrics is asked, the services see at most one fan-out a second.
 */
export function shared<T>(fn: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (last && Date.now() - last.at < ttlMs) return last.value;
    const value = fn();
    last = { at: Date.now(), value };
    value.then(
      () => last && last.value === value && (last.at = Date.now()),
      () => last && last.value === value && (last = undefined),
    );
    return value;
  };
}

/** /health and /metrics for the whole system, as seen from its front door (each fan-out shared, see `shared`). */
@ApiExcludeController()
@Controller()
export class OpsController {
  constructor(
    private readonly upstream: Upstream,
    private readonly metrics: Metrics,
    private readonly queues: QueueDepth,
  ) {}

  private readonly healthOnce = shared(() => this.checkHealth(), OPS_CACHE_MS);
  private readonly metricsOnce = shared(() => this.collectMetrics(), OPS_CACHE_MS);

  @Public()
  @Get('health')
  async health(@Res() res: Response): Promise<void> {
    const { ok, details } = await this.healthOnce();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'error', details });
  }

  /** Every service's metrics (labelled service=…) plus the gateway's own and the queue depths. */
  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  prometheus(): Promise<string> {
    return this.metricsOnce();
  }

  private async checkHealth() {
    const results = await Promise.all(
      SERVICE_NAMES.map(async (s) => {
        try {
          const r = await fetch(`${this.upstream.url(s)}/health`, { signal: AbortSignal.timeout(3000) });
          return [s, r.ok ? { status: 'up' } : { status: 'down', detail: await r.json().catch(() => null) }] as const;
        } catch (err) {
          return [s, { status: 'down', message: (err as Error).message }] as const;
        }
      }),
    );
    return { ok: results.every(([, r]) => r.status === 'up'), details: Object.fromEntries(results) };
  }

  private async collectMetrics(): Promise<string> {
    await this.queues.refresh();
    const parts = await Promise.all(
      SERVICE_NAMES.map(async (s) => {
        try {
          const r = await fetch(`${this.upstream.url(s)}/metrics.json`, { signal: AbortSignal.timeout(3000) });
          return r.ok ? ((await r.json()) as MetricObjectWithValues<MetricValue<string>>[]) : [];
        } catch {
          return [];
        }
      }),
    );
    const own = await this.metrics.registry.getMetricsAsJSON();
    return AggregatorRegistry.aggregate([own, ...parts] as Parameters<typeof AggregatorRegistry.aggregate>[0]).metrics();
  }
}
