import { INestApplicationContext, Type } from '@nestjs/common';
import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type IORedis from 'ioredis';
import { Logger } from 'nestjs-pino';
import { createServer, Server } from 'node:http';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { BaseConfig, exitAfterGrace } from '@permits/config';
import { exitOnServiceRoleProblem } from '@permits/persistence/database';
import { REDIS, WORKER_CONFIG } from './queue.module';
import { workerMetrics } from './worker-metrics';

export interface WorkerOpsOptions {
  /** The process's name in metrics: `intake-worker`, … */
  service: string;
  /** The ops port on 127.0.0.1 (`*_WORKER_PORT`); 0: no ops server. */
  port: number;
  /** The address it listens on; default the process's BIND_ADDRESS. */
  host?: string;
}

/**
 * Starts a worker process: consumers and relays start on bootstrap and drain on SIGTERM. With `ops`, a
 * small HTTP server on BIND_ADDRESS (127.0.0.1 unless set) answers `/health` (liveness: the process answers), `/ready` (readiness:
 * PostgreSQL and Redis answer), `/metrics` and `/metrics.json` (job durations and failures per queue, the
 * outbox backlog and its oldest unpublished row's age, process metrics).
 */
export async function bootstrapWorker(module: Type<unknown> | DynamicModule, ops?: WorkerOpsOptions): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(module, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const config = optional<BaseConfig>(app, WORKER_CONFIG);
  if (config) exitAfterGrace(config);
  await exitOnServiceRoleProblem(optional<DataSource>(app, DataSource), config?.NODE_ENV === 'production', ops?.service ?? 'worker');
  await app.init();
  if (ops && ops.port > 0) await startOpsServer(app, ops, ops.host ?? config?.BIND_ADDRESS ?? '127.0.0.1');
  return app;
}

function optional<T>(app: INestApplicationContext, token: unknown): T | undefined {
  try {
    return app.get<T>(token as never, { strict: false });
  } catch {
    return undefined;
  }
}

async function startOpsServer(app: INestApplicationContext, ops: WorkerOpsOptions, address: string): Promise<Server> {
  const db = optional<DataSource>(app, DataSource);
  const redis = optional<IORedis>(app, REDIS);
  workerMetrics.label(ops.service);
  if (db) {
    const backlog = async () =>
      (
        await db.query(
          `SELECT count(*)::int AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age FROM outbox WHERE published_at IS NULL`,
        )
      )[0] as { n: number; age: number };
    let last: Promise<{ n: number; age: number }> | null = null;
    // both gauges from one query per scrape
    const read = () => (last ??= backlog().finally(() => setImmediate(() => (last = null))));
    new Gauge({
      name: 'outbox_backlog',
      help: 'outbox rows not yet published to their queue',
      registers: [workerMetrics.registry],
      async collect() {
        this.set((await read()).n);
      },
    });
    new Gauge({
      name: 'outbox_oldest_unpublished_seconds',
      help: 'age of the oldest unpublished outbox row (0: none)',
      registers: [workerMetrics.registry],
      async collect() {
        this.set((await read()).age);
      },
    });
  }
  const ready = async (): Promise<Record<string, string>> => {
    const out: Record<string, string> = {};
    if (db)
      out.database = await db.query('SELECT 1').then(
        () => 'up',
        (e: Error) => `down: ${e.message}`,
      );
    if (redis)
      out.redis = await redis.ping().then(
        () => 'up',
        (e: Error) => `down: ${e.message}`,
      );
    return out;
  };
  const server = createServer((req, res) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    const answer = async () => {
      if (req.method !== 'GET') return send(405, 'application/json', JSON.stringify({ status: 'error', message: 'GET only' }));
      if (path === '/health' || path === '/health/live') return send(200, 'application/json', JSON.stringify({ status: 'ok' }));
      if (path === '/ready' || path === '/health/ready') {
        const details = await ready();
        const ok = Object.values(details).every((v) => v === 'up');
        return send(ok ? 200 : 503, 'application/json', JSON.stringify({ status: ok ? 'ok' : 'error', details }));
      }
      if (path === '/metrics') return send(200, 'text/plain; version=0.0.4', await workerMetrics.registry.metrics());
      if (path === '/metrics.json') return send(200, 'application/json', JSON.stringify(await workerMetrics.registry.getMetricsAsJSON()));
      return send(404, 'application/json', JSON.stringify({ status: 'error', message: 'not found' }));
    };
    answer().catch((err: Error) => send(500, 'application/json', JSON.stringify({ status: 'error', message: err.message })));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // BIND_ADDRESS: 0.0.0.0 in a container, where the kubelet's probes and Prometheus come from outside
    server.listen(ops.port, address, () => resolve());
  });
  server.unref(); // never what keeps a stopping worker alive
  return server;
}
