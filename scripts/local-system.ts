import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { PROCESSES } from './services';

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface LocalSystemOptions {
  /** The compiled tree to run (`dist/`). */
  dist: string;
  dbUrl: string;
  redisUrl: string;
  /** This system's Redis keys start with `${redisPrefix}-<random>`; they are deleted on stop. */
  redisPrefix: string;
  jwtSecret: string;
  clock?: 'manual' | 'system';
  clockStart?: string;
  env?: Record<string, string>;
  /** How long each process may take to answer /health (default 60 s; the bench allows more on a loaded machine). */
  bootTimeoutMs?: number;
}

/**
 * The whole system as separate processes on this machine, as `npm start` runs it: every service's HTTP and
 * worker entry (scripts/services.ts), then the gateway, on free ports, one database and a Redis prefix of
 * its own. The end-to-end tests and the benchmarks both drive it.
 */
export class LocalSystem {
  private readonly children: { name: string; entry: string; child: ChildProcess }[] = [];
  readonly output: string[] = [];
  url = '';
  env: Record<string, string> = {};
  private anchorDir?: string;

  static async start(o: LocalSystemOptions): Promise<LocalSystem> {
    const sys = new LocalSystem(o.dist);
    try {
      await sys.boot(o);
    } catch (err) {
      await sys.stop();
      throw err;
    }
    return sys;
  }

  private constructor(private readonly dist: string) {}

  private async boot(o: LocalSystemOptions): Promise<void> {
    const [port, intake, eia, dp, notif, superv, ...workers] = await Promise.all(Array.from({ length: 11 }, () => freePort()));
    this.env = {
      NODE_ENV: 'test',
      DATABASE_URL: o.dbUrl,
      REDIS_URL: o.redisUrl,
      REDIS_PREFIX: `${o.redisPrefix}-${randomBytes(4).toString('hex')}`,
      JWT_SECRET: o.jwtSecret,
      LOG_LEVEL: 'warn',
      PORT: String(port),
      INTAKE_PORT: String(intake),
      EIA_REVIEW_PORT: String(eia),
      DISCHARGE_PERMIT_PORT: String(dp),
      NOTIFICATION_PORT: String(notif),
      SUPERVISION_PORT: String(superv),
      INTAKE_WORKER_PORT: String(workers[0]),
      EIA_REVIEW_WORKER_PORT: String(workers[1]),
      DISCHARGE_PERMIT_WORKER_PORT: String(workers[2]),
      NOTIFICATION_WORKER_PORT: String(workers[3]),
      SUPERVISION_WORKER_PORT: String(workers[4]),
      CLOCK: o.clock ?? 'system',
      ...(o.clockStart ? { CLOCK_START: o.clockStart } : {}),
      SHUTDOWN_GRACE_SECONDS: '5',
      // each system its own audit anchor files (they chain per schema name, which every copy shares)
      AUDIT_ANCHOR_DIR: (this.anchorDir = mkdtempSync(join(tmpdir(), 'permits-anchors-'))),
      ...o.env,
    };
    for (const p of PROCESSES.filter((x) => x.service !== 'gateway')) this.spawnProcess(p.name, p.entry);
    await Promise.all([intake, eia, dp, notif, superv].map((p) => this.waitFor(`http://127.0.0.1:${p}/health`, o.bootTimeoutMs)));
    for (const p of PROCESSES.filter((x) => x.service === 'gateway')) this.spawnProcess(p.name, p.entry);
    this.url = `http://127.0.0.1:${port}`;
    await this.waitFor(`${this.url}/health`, o.bootTimeoutMs);
  }

  private spawnProcess(name: string, entry: string): ChildProcess {
    const child = spawn(process.execPath, [join(this.dist, entry)], { env: { PATH: process.env.PATH ?? '', ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (b: Buffer) => {
      this.output.push(`[${name}] ${b.toString()}`);
      if (this.output.length > 2000) this.output.splice(0, 1000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.children.push({ name, entry, child });
    return child;
  }

  private running(): { name: string; entry: string; child: ChildProcess }[] {
    return this.children.filter((c) => c.child.exitCode === null && c.child.signalCode === null);
  }

  /** Each running process: its name (`intake-http`, `gateway`, …) and pid. */
  processes(): { name: string; pid: number }[] {
    return this.running()
      .filter((c) => c.child.pid !== undefined)
      .map((c) => ({ name: c.name, pid: c.child.pid as number }));
  }

  /** The process running `entry` (e.g. `apps/intake/src/worker.js`). */
  processOf(entry: string): ChildProcess | undefined {
    return this.running().find((c) => c.entry === entry)?.child;
  }

  /** Kills the process running `entry` with SIGKILL and leaves it down (until `restart`). */
  async kill(entry: string): Promise<void> {
    const found = this.running().find((c) => c.entry === entry);
    if (!found) throw new Error(`${entry} is not running`);
    const gone = new Promise((resolve) => found.child.once('exit', resolve));
    found.child.kill('SIGKILL');
    await gone;
  }

  /** Starts again a process of `entry` that was killed (same name, same environment). */
  restart(entry: string): void {
    const known = this.children.find((c) => c.entry === entry);
    if (!known) throw new Error(`${entry} never ran here`);
    this.spawnProcess(known.name, entry);
  }

  /** Kills the process running `entry` with SIGKILL and starts a new one: a crash and a restart. */
  async crash(entry: string): Promise<void> {
    const found = this.running().find((c) => c.entry === entry);
    if (!found) throw new Error(`${entry} is not running`);
    const gone = new Promise((resolve) => found.child.once('exit', resolve));
    found.child.kill('SIGKILL');
    await gone;
    this.spawnProcess(found.name, entry);
  }

  private async waitFor(url: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
        if (r.ok) return;
      } catch {
        /* starting */
      }
      const dead = this.children.find((c) => c.child.exitCode !== null);
      if (dead) throw new Error(`${dead.name} exited with ${dead.child.exitCode} while starting:\n${this.output.slice(-30).join('')}`);
      if (Date.now() > deadline) throw new Error(`${url} not healthy in time:\n${this.output.slice(-40).join('')}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** SIGTERM to every process (SIGKILL after 10 s), then the system's Redis keys go. */
  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        ({ child: c }) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
            c.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
    if (this.env.REDIS_PREFIX && this.env.REDIS_URL) await deleteRedisKeys(this.env.REDIS_URL, this.env.REDIS_PREFIX);
    if (this.anchorDir) rmSync(this.anchorDir, { recursive: true, force: true });
  }
}

async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    /* best effort */
  } finally {
    redis.disconnect();
  }
}
