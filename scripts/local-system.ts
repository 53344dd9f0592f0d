import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { NODE_PROCESS_FLAGS, PROCESSES, processEnv, TASK_INDEX_WORKER } from './services';
import { FEEDING_SCHEMAS } from './task-index-rebuild';

/**
 * A free TCP port on loopback, below Linux's ephemeral range (32768+): a port the kernel hands out for
 * listen(0) is also one it hands to outgoing connections, and may be taken again before our process binds it.
 *
 * Ports are handed out in turn from a band of their own per Jest worker (JEST_WORKER_ID), starting at a random
 * place in it: a random pick per call let two of one system's ~22 ports be the same number (two processes then
 * raced for it: EADDRINUSE, about one boot in fifty), and two workers drawing from one range could do the same
 * across systems. A port comes round again only after the band's 2,400 others, long after its system stopped.
 */
const PORT_BAND = 2_400;
const band = (Math.max(1, Number(process.env.JEST_WORKER_ID) || 1) - 1) % 5;
let nextPort = Math.floor(Math.random() * PORT_BAND);

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < PORT_BAND; attempt++) {
    const port = 20_000 + band * PORT_BAND + (nextPort++ % PORT_BAND);
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in 20000–32000, band ${band}`);
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
  /**
   * Copies of every process (default 1). With 2: two gateways on two ports, two HTTP and two worker processes
   * per service, each HTTP copy on a port of its own; gateway copy k routes to HTTP copy k.
   */
  replicas?: number;
  /** How long each process may take to answer /health (default 3 minutes a copy, for a loaded machine). */
  bootTimeoutMs?: number;
  /**
   * The gateway answers the open inbox from its task index (TASK_INDEX_DATABASE_URL = dbUrl; issue 26 lever 3) instead
   * of asking the four case services. Default: off, the inbox as deployments without the setting answer it.
   */
  taskIndex?: boolean;
}

const envName = (service: string) => service.toUpperCase().replace(/-/g, '_');

interface Child {
  name: string;
  entry: string;
  copy: number;
  /** What this copy's environment adds to the system's (its own ports). */
  own: Record<string, string>;
  child: ChildProcess;
}

/**
 * The whole system as separate processes on this machine, as `npm start` runs it: every service's HTTP and
 * worker entry (scripts/services.ts), then the gateway, on free ports, one database and a Redis prefix of
 * its own. The end-to-end tests and the benchmarks both drive it.
 */
export class LocalSystem {
  private readonly children: Child[] = [];
  readonly output: string[] = [];
  url = '';
  /** Every gateway copy's URL (the first is `url`). */
  urls: string[] = [];
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
    const copies = Math.max(1, o.replicas ?? 1);
    const services = PROCESSES.filter((p) => p.service !== 'gateway')
      .map((p) => p.service as string)
      .filter((s, i, all) => all.indexOf(s) === i);
    const ports = async (n: number) => Promise.all(Array.from({ length: n }, () => freePort()));
    const gateways = await ports(copies);
    const http: Record<string, number[]> = {};
    const ops: Record<string, number[]> = {};
    for (const s of services) {
      http[s] = await ports(copies);
      ops[s] = await ports(copies);
    }
    const portsOf = (copy: number) =>
      Object.fromEntries(
        services.flatMap((s) => [
          [`${envName(s)}_PORT`, String(http[s][copy])],
          [`${envName(s)}_WORKER_PORT`, String(ops[s][copy])],
        ]),
      );
    this.env = {
      NODE_ENV: 'test',
      DATABASE_URL: o.dbUrl,
      REDIS_URL: o.redisUrl,
      REDIS_PREFIX: `${o.redisPrefix}-${randomBytes(4).toString('hex')}`,
      JWT_SECRET: o.jwtSecret,
      // a certificate signing key of this system's own: the tests verify signatures with the key it publishes
      CERTIFICATE_SIGNING_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      PORT: String(gateways[0]),
      ...portsOf(0),
      CLOCK: o.clock ?? 'system',
      ...(o.clockStart ? { CLOCK_START: o.clockStart } : {}),
      SHUTDOWN_GRACE_SECONDS: '5',
      // 11 processes a copy, each with its pool: stay well under a test server's max_connections (100)
      DATABASE_POOL_SIZE: copies > 1 ? '3' : '5',
      // each system its own audit anchor files (they chain per schema name, which every copy shares)
      AUDIT_ANCHOR_DIR: (this.anchorDir = mkdtempSync(join(tmpdir(), 'permits-anchors-'))),
      // the gateway's task index (issue 26 lever 3): the open inbox from schema task_index, fed by the services' triggers
      ...(o.taskIndex ? { TASK_INDEX_DATABASE_URL: o.dbUrl } : {}),
      ...o.env,
    };
    // the case services' feeds on (and their open tasks republished) before anything writes: what npm run
    // task-index:rebuild does in a deployment that turns the index on
    if (o.taskIndex) await enableTaskIndexFeeds(o.dbUrl);
    const nameOf = (name: string, copy: number) => (copy === 0 ? name : `${name}-${copy + 1}`);
    for (let copy = 0; copy < copies; copy++) {
      for (const p of PROCESSES.filter((x) => x.service !== 'gateway')) this.spawnProcess(nameOf(p.name, copy), p.entry, copy, portsOf(copy));
    }
    // twice the processes take about twice as long to start on the same cores
    const bootMs = o.bootTimeoutMs ?? 180_000 * copies; // a loaded CI machine can take minutes; a process that dies fails at once
    await Promise.all(services.flatMap((s) => http[s].map((p) => this.waitFor(`http://127.0.0.1:${p}/health`, bootMs))));
    // the task index worker (one: its consumers compete, and the index is one table) before the gateways that read it
    if (o.taskIndex) this.spawnProcess(TASK_INDEX_WORKER.name, TASK_INDEX_WORKER.entry, 0, { TASK_INDEX_WORKER_PORT: '0' });
    for (let copy = 0; copy < copies; copy++) {
      for (const p of PROCESSES.filter((x) => x.service === 'gateway'))
        this.spawnProcess(nameOf(p.name, copy), p.entry, copy, { ...portsOf(copy), PORT: String(gateways[copy]) });
    }
    this.urls = gateways.map((p) => `http://127.0.0.1:${p}`);
    this.url = this.urls[0];
    await Promise.all(this.urls.map((u) => this.waitFor(`${u}/health`, bootMs)));
  }

  private spawnProcess(name: string, entry: string, copy = 0, own: Record<string, string> = {}): ChildProcess {
    const spec = [...PROCESSES, TASK_INDEX_WORKER].find((p) => p.entry === entry);
    if (!spec) throw new Error(`${entry} is not a process of scripts/services.ts`);
    // each process only its own secrets and database connection, as npm start, compose and k8s give them
    const child = spawn(process.execPath, [...NODE_PROCESS_FLAGS, join(this.dist, entry)], {
      env: { PATH: process.env.PATH ?? '', ...processEnv(spec, { ...this.env, ...own }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => {
      this.output.push(`[${name}] ${b.toString()}`);
      if (this.output.length > 2000) this.output.splice(0, 1000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.children.push({ name, entry, copy, own, child });
    return child;
  }

  private running(): Child[] {
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

  /**
   * SIGTERM to the process running `entry`: it drains and exits by itself, or is killed after `timeoutMs`.
   * Answers whether it exited by itself, and how.
   */
  async terminate(entry: string, timeoutMs = 30_000): Promise<{ byItself: boolean; code: number | null; signal: NodeJS.Signals | null }> {
    const found = this.running().find((c) => c.entry === entry);
    if (!found) throw new Error(`${entry} is not running`);
    const c = found.child;
    let byItself = true;
    const gone = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    const t = setTimeout(() => {
      byItself = false;
      c.kill('SIGKILL');
    }, timeoutMs);
    c.kill('SIGTERM');
    await gone;
    clearTimeout(t);
    return { byItself, code: c.exitCode, signal: c.signalCode };
  }

  /** Starts again a process of `entry` that was killed (same name, same environment): the first copy that is down. */
  restart(entry: string): void {
    const up = new Set(this.running().map((c) => c.name));
    const known = this.children.find((c) => c.entry === entry && !up.has(c.name));
    if (!known) throw new Error(`${entry} never ran here, or every copy of it is running`);
    this.spawnProcess(known.name, entry, known.copy, known.own);
  }

  /** SIGKILL to the process named `name` (`intake-worker`, `gateway-2`, …); it stays down until `restartNamed`. */
  async killNamed(name: string): Promise<void> {
    const found = this.running().find((c) => c.name === name);
    if (!found) throw new Error(`${name} is not running`);
    const gone = new Promise((resolve) => found.child.once('exit', resolve));
    found.child.kill('SIGKILL');
    await gone;
  }

  /** Starts again the process named `name`, with the environment it had. */
  restartNamed(name: string): void {
    if (this.running().some((c) => c.name === name)) throw new Error(`${name} is running`);
    const known = this.children.find((c) => c.name === name);
    if (!known) throw new Error(`${name} never ran here`);
    this.spawnProcess(known.name, known.entry, known.copy, known.own);
  }

  /** Kills the process running `entry` with SIGKILL and starts a new one: a crash and a restart. */
  async crash(entry: string): Promise<void> {
    const found = this.running().find((c) => c.entry === entry);
    if (!found) throw new Error(`${entry} is not running`);
    const gone = new Promise((resolve) => found.child.once('exit', resolve));
    found.child.kill('SIGKILL');
    await gone;
    this.spawnProcess(found.name, entry, found.copy, found.own);
  }

  private async waitFor(url: string, timeoutMs = 180_000): Promise<void> {
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

/** Turns every case service's task index feed on (task_index_enable(): on, and every open task republished). */
async function enableTaskIndexFeeds(dbUrl: string): Promise<void> {
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  try {
    for (const schema of FEEDING_SCHEMAS) await c.query(`SELECT "${schema}"."task_index_enable"()`);
  } finally {
    await c.end();
  }
}
