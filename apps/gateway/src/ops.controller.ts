import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AggregatorRegistry, Gauge, MetricObjectWithValues, MetricValue, Registry } from 'prom-client';
import { Public } from '@permits/auth';
import { GatewayConfig, SERVICE_NAMES } from '@permits/config';
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
    private readonly config: GatewayConfig,
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

  /**
   * Every process's metrics: each service's HTTP process and worker (labelled service=…), the gateway's own,
   * the queue depths, and `up{service}`: 1 for each process that answered its scrape, 0 for one that did not
   * (a process that is down shows as 0, not as missing series).
   */
  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async prometheus(): Promise<string> {
    await this.queues.refresh().catch(() => undefined);
    const targets = SERVICE_NAMES.flatMap((s) => [
      { name: s, url: `${this.upstream.url(s)}/metrics.json` },
      ...(this.config.workerPort(s) > 0 ? [{ name: `${s}-worker`, url: `http://127.0.0.1:${this.config.workerPort(s)}/metrics.json` }] : []),
    ]);
    const scraped = await Promise.all(
      targets.map(async (t) => {
        try {
          const r = await fetch(t.url, { signal: AbortSignal.timeout(3000) });
          return r.ok ? ((await r.json()) as MetricObjectWithValues<MetricValue<string>>[]) : null;
        } catch {
          return null;
        }
      }),
    );
    const upRegistry = new Registry();
    const up = new Gauge({ name: 'up', help: 'whether the process answered the gateway\'s scrape (1) or not (0)', labelNames: ['service'], registers: [upRegistry] });
    up.set({ service: 'gateway' }, 1);
    targets.forEach((t, i) => up.set({ service: t.name }, scraped[i] ? 1 : 0));
    const own = await this.metrics.registry.getMetricsAsJSON();
    const parts = [own, await upRegistry.getMetricsAsJSON(), ...scraped.filter((p): p is MetricObjectWithValues<MetricValue<string>>[] => !!p)];
    return AggregatorRegistry.aggregate(parts as Parameters<typeof AggregatorRegistry.aggregate>[0]).metrics();
  }
}
