import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { AggregatorRegistry, Gauge, MetricObjectWithValues, MetricValue, Registry } from 'prom-client';
import { Public } from '@permits/auth';
import { GatewayConfig, SERVICE_NAMES } from '@permits/config';
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

export class LiveDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) status: 'ok';
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'], example: 'ok' }) status: 'ok' | 'error';
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', properties: { status: { type: 'string', enum: ['up', 'down'] } }, additionalProperties: true },
    description: 'each service: up, or down with what it said',
    example: {
      intake: { status: 'up' },
      'eia-review': { status: 'up' },
      'discharge-permit': { status: 'up' },
      notification: { status: 'up' },
      supervision: { status: 'down', message: 'fetch failed' },
    },
  })
  details: Record<string, { status: 'up' | 'down' }>;
}

const HEALTH_EXAMPLE = {
  status: 'ok',
  details: {
    intake: { status: 'up' },
    'eia-review': { status: 'up' },
    'discharge-permit': { status: 'up' },
    notification: { status: 'up' },
    supervision: { status: 'up' },
  },
};
const METRICS_EXAMPLE =
  '# HELP up whether the process answered the gateway\'s scrape (1) or not (0)\n# TYPE up gauge\nup{service="gateway"} 1\nup{service="intake-worker"} 1\n';

/** /health and /metrics for the whole system, as seen from its front door (each fan-out shared, see `shared`). */
@ApiTags('operations')
@Controller()
export class OpsController {
  constructor(
    private readonly upstream: Upstream,
    private readonly metrics: Metrics,
    private readonly queues: QueueDepth,
    private readonly config: GatewayConfig,
  ) {}

  private readonly healthOnce = shared(() => this.checkHealth(), OPS_CACHE_MS);
  private readonly metricsOnce = shared(() => this.collectMetrics(), OPS_CACHE_MS);

  /** Liveness of the gateway process itself. */
  @Public()
  @Get('health/live')
  @ApiOperation({ summary: 'Liveness of the gateway process (nothing else is asked)', security: [] })
  @ApiOkResponse({ type: LiveDto, example: { status: 'ok' } })
  live() {
    return { status: 'ok' };
  }

  /** Readiness: every service is ready (503 naming the ones that are not). */
  @Public()
  @Get('health/ready')
  @ApiOperation({ summary: 'Readiness: every service is ready (503 naming the ones that are not)', security: [] })
  @ApiOkResponse({ type: HealthDto, example: HEALTH_EXAMPLE })
  @ApiServiceUnavailableResponse({
    type: HealthDto,
    description: 'a service is not ready',
    example: { ...HEALTH_EXAMPLE, status: 'error', details: { ...HEALTH_EXAMPLE.details, supervision: { status: 'down', message: 'fetch failed' } } },
  })
  ready(@Res() res: Response): Promise<void> {
    return this.health(res);
  }

  @Public()
  @Get('health')
  @ApiOperation({ summary: 'Readiness under its old name (same as /health/ready)', security: [] })
  @ApiOkResponse({ type: HealthDto, example: HEALTH_EXAMPLE })
  @ApiServiceUnavailableResponse({
    type: HealthDto,
    description: 'a service is not ready',
    example: { ...HEALTH_EXAMPLE, status: 'error', details: { ...HEALTH_EXAMPLE.details, supervision: { status: 'down', message: 'fetch failed' } } },
  })
  async health(@Res() res: Response): Promise<void> {
    const { ok, details } = await this.healthOnce();
    await res.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'error', details });
  }

  /** Every process's metrics (see collectMetrics), one fan-out a second however often asked. */
  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics of every process (up{service} is 0 for one that did not answer)', security: [] })
  @ApiProduces('text/plain')
  @ApiResponse({
    status: 200,
    description: 'Prometheus text exposition format 0.0.4',
    content: { 'text/plain': { schema: { type: 'string' }, example: METRICS_EXAMPLE } },
  })
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

  /**
   * Every process's metrics: each service's HTTP process and worker (labelled service=…), the gateway's own,
   * the queue depths, and `up{service}`: 1 for each process that answered its scrape, 0 for one that did not
   * (a process that is down shows as 0, not as missing series).
   */
  private async collectMetrics(): Promise<string> {
    await this.queues.refresh().catch(() => undefined);
    const targets = SERVICE_NAMES.flatMap((s) => {
      const worker = this.config.workerUrl(s);
      return [{ name: s, url: `${this.upstream.url(s)}/metrics.json` }, ...(worker ? [{ name: `${s}-worker`, url: `${worker}/metrics.json` }] : [])];
    });
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
    const up = new Gauge({
      name: 'up',
      help: "whether the process answered the gateway's scrape (1) or not (0)",
      labelNames: ['service'],
      registers: [upRegistry],
    });
    up.set({ service: 'gateway' }, 1);
    targets.forEach((t, i) => up.set({ service: t.name }, scraped[i] ? 1 : 0));
    const own = await this.metrics.registry.getMetricsAsJSON();
    const parts = [own, await upRegistry.getMetricsAsJSON(), ...scraped.filter((p): p is MetricObjectWithValues<MetricValue<string>>[] => !!p)];
    return AggregatorRegistry.aggregate(parts as Parameters<typeof AggregatorRegistry.aggregate>[0]).metrics();
  }
}
