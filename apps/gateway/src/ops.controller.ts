import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AggregatorRegistry, MetricObjectWithValues, MetricValue } from 'prom-client';
import { Public } from '@permits/auth';
import { SERVICE_NAMES } from '@permits/config';
import { Metrics } from '@permits/http';
import { QueueDepth } from './queue-depth';
import { Upstream } from './upstream';

/** /health and /metrics for the whole system, as seen from its front door. */
@ApiExcludeController()
@Controller()
export class OpsController {
  constructor(
    private readonly upstream: Upstream,
    private readonly metrics: Metrics,
    private readonly queues: QueueDepth,
  ) {}

  /** Liveness of the gateway process itself. */
  @Public()
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Readiness: every service is ready (503 naming the ones that are not). */
  @Public()
  @Get('health/ready')
  ready(@Res() res: Response): Promise<void> {
    return this.health(res);
  }

  @Public()
  @Get('health')
  async health(@Res() res: Response): Promise<void> {
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
    const details = Object.fromEntries(results);
    const ok = results.every(([, r]) => r.status === 'up');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'error', details });
  }

  /** Every service's metrics (labelled service=…) plus the gateway's own and the queue depths. */
  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async prometheus(): Promise<string> {
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
