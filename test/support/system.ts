import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { freshDatabase } from './database';
import { DIST, REDIS_PREFIX, REDIS_URL } from './env';

export const JWT_SECRET = 'e2e-secret-value';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface SystemOptions {
  label: string;
  clock?: 'manual' | 'system';
  clockStart?: string;
  env?: Record<string, string>;
}

const ENTRIES = ['intake', 'eia-review', 'discharge-permit', 'notification'].flatMap((s) => [`apps/${s}/src/main.js`, `apps/${s}/src/worker.js`]);

/**
 * The whole system as separate processes (every service's HTTP and worker entry, and the gateway) on
 * fresh ports, a fresh database and a Redis prefix of its own: what a portal talks to, for one test file.
 */
export class RunningSystem {
  private readonly children: ChildProcess[] = [];
  readonly output: string[] = [];
  url = '';
  env: Record<string, string> = {};
  dbUrl = '';

  static async start(o: SystemOptions): Promise<RunningSystem> {
    const sys = new RunningSystem();
    await sys.boot(o);
    return sys;
  }

  private async boot(o: SystemOptions): Promise<void> {
    const db = await freshDatabase(o.label);
    this.dbUrl = db.url;
    const [port, intake, eia, dp, notif] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    this.env = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL,
      REDIS_PREFIX: `${REDIS_PREFIX}-${randomBytes(4).toString('hex')}`,
      JWT_SECRET,
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
      PORT: String(port),
      INTAKE_PORT: String(intake),
      EIA_REVIEW_PORT: String(eia),
      DISCHARGE_PERMIT_PORT: String(dp),
      NOTIFICATION_PORT: String(notif),
      CLOCK: o.clock ?? 'system',
      ...(o.clockStart ? { CLOCK_START: o.clockStart } : {}),
      SHUTDOWN_GRACE_SECONDS: '5',
      QUEUE_LOCK_MS: '4000',
      ...o.env,
    };
    for (const entry of ENTRIES) this.spawn(entry);
    await this.waitFor(`http://127.0.0.1:${intake}/health`);
    await Promise.all([eia, dp, notif].map((p) => this.waitFor(`http://127.0.0.1:${p}/health`)));
    this.spawn('apps/gateway/src/main.js');
    this.url = `http://127.0.0.1:${port}`;
    await this.waitFor(`${this.url}/health`);
  }

  spawn(entry: string): ChildProcess {
    const child = spawn(process.execPath, [join(DIST, entry)], { env: { PATH: process.env.PATH ?? '', ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (b: Buffer) => {
      this.output.push(`[${entry}] ${b.toString()}`);
      if (this.output.length > 2000) this.output.splice(0, 1000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.children.push(child);
    return child;
  }

  /** Kills the process running `entry` with SIGKILL and starts a new one (a crash and a restart). */
  async crash(entry: string): Promise<void> {
    const child = this.processOf(entry);
    if (!child) throw new Error(`${entry} is not running`);
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
    this.spawn(entry);
  }

  /** The process running `entry` (to kill it in a crash test). */
  processOf(entry: string): ChildProcess | undefined {
    return this.children.find((c) => c.spawnargs.some((a) => a.endsWith(entry)) && c.exitCode === null && c.signalCode === null);
  }

  private async waitFor(url: string, timeoutMs = 45_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
        if (r.ok) return;
      } catch {
        /* starting */
      }
      if (Date.now() > deadline) throw new Error(`${url} not healthy in time:\n${this.output.slice(-40).join('')}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  http() {
    return request(this.url);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const t = setTimeout(() => c.kill('SIGKILL'), 8000);
            c.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
  }
}

/** Polls until `check` returns a value (not undefined/false) or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
