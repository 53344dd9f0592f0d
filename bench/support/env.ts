import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseFamily } from '../../scripts/database-family';

/**
 * Where the bench's own databases and Redis keys live. Never the names the tests or other people use:
 * BENCH_DATABASE_URL (default database `permits_bench`) is only a base name, every database the bench
 * makes is `<base>_<label>_<hex>` and is dropped at the end (BENCH_KEEP_DB=1 keeps them).
 */
export const BASE_DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/permits_bench';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const REDIS_PREFIX = process.env.BENCH_REDIS_PREFIX ?? 'permits-bench';

/** The compiled tree the services run from: the one this file was compiled into (dist/, or a private copy). */
export const DIST = join(__dirname, '..', '..');

/** The repository (for bench/results): the nearest folder upwards whose package.json is this project's. */
export function repoRoot(): string {
  let dir = DIST;
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'permit-workflow') return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/** The bench's template and per-phase databases, named from BENCH_DATABASE_URL's database. */
export const DATABASES = new DatabaseFamily(BASE_DB_URL);

/** Sizes and durations, from the environment; BENCH_QUICK=1 is a smoke run of about a minute. */
export function benchSettings() {
  const quick = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';
  const num = (name: string, full: number, smoke: number) => {
    const v = process.env[name];
    const n = v === undefined || v === '' ? (quick ? smoke : full) : Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number, got '${v}'`);
    return n;
  };
  return {
    quick,
    /** applications driven end to end */
    cases: num('BENCH_CASES', 2000, 200),
    /**
     * applications in flight at once in the engine run; also the raw limit's connections. (Runs before the
     * fix of the catalog read inside acceptance transactions had to stay below 10: intake's pool wedged.)
     */
    concurrency: num('BENCH_CONCURRENCY', 16, 8),
    /** seconds the raw PostgreSQL limit runs */
    limitSeconds: num('BENCH_LIMIT_SECONDS', 20, 5),
    /** open cases seeded for the scale phase (the alert path also runs at BENCH_SMALL_CASES) */
    scaleCases: num('BENCH_SCALE_CASES', 1_000_000, 20_000),
    smallCases: num('BENCH_SMALL_CASES', 10_000, 2_000),
    /** seconds of each autocannon run, and its connections */
    httpSeconds: num('BENCH_HTTP_SECONDS', 15, 4),
    httpConnections: num('BENCH_HTTP_CONNECTIONS', 8, 8),
    /** inbox poll interval of the simulated departments (ms): every poll with BENCH_INBOX=poll, the stream's patience otherwise */
    pollMs: num('BENCH_POLL_MS', 50, 50),
    /** seconds of arrivals in the open-loop phase (cases arriving at half the closed loop's rate) */
    openLoopSeconds: num('BENCH_OPEN_LOOP_SECONDS', 60, 20),
    /** how the simulated departments learn of new work: `stream` (the task stream, as the workbench) or `poll` */
    inbox: process.env.BENCH_INBOX === 'poll' ? ('poll' as const) : ('stream' as const),
    /** cases per alert-path measurement (one clock move fires them all) */
    alertProbes: num('BENCH_ALERT_PROBES', 20, 20),
    /** how long the alert path waits for its notification (ms) */
    alertTimeoutMs: num('BENCH_ALERT_TIMEOUT_MS', 60_000, 20_000),
    /** instances the peer (bpmn-engine) runs, at BENCH_CONCURRENCY in flight */
    peerInstances: num('BENCH_PEER_INSTANCES', 2000, 500),
    /**
     * 1: the end-to-end phase runs with the e-mail channel on (an SMTP sink on loopback, a contact for every
     * department and enterprise), so every notice is also an e-mail delivery; 0 (default): in-app only
     */
    email: num('BENCH_EMAIL', 0, 0) > 0,
    /** 0: no CPU profiles of the throughput and engine phases */
    profile: num('BENCH_PROFILE', 1, 1) > 0,
    skip: new Set(
      (process.env.BENCH_SKIP ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    keepDb: process.env.BENCH_KEEP_DB === '1',
  };
}

export type BenchSettings = ReturnType<typeof benchSettings>;
