import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalSystem } from '../../scripts/local-system';
import { DIST, REDIS_PREFIX, REDIS_URL } from './env';

export const JWT_SECRET = 'bench-secret-value';

export interface BenchSystemOptions {
  dbUrl: string;
  clock?: 'manual' | 'system';
  clockStart?: string;
  env?: Record<string, string>;
  /** the gateway answers the open inbox from its task index (LocalSystem's taskIndex; issue 26 lever 3) */
  taskIndex?: boolean;
  /** a folder: each process loads bench/support/cpu-profile-hook.js and profiles itself on SIGUSR2 (see SystemProfiler) */
  cpuProfileDir?: string;
}

export interface ProcessMemory {
  /** peak resident set (VmHWM) since the process started, MiB */
  hwmMiB: number;
  /** resident set now (VmRSS), MiB */
  rssMiB: number;
  /** the V8 old-space cap the process runs with (`--max-old-space-size`), MiB; absent: none (V8's default) */
  oldSpaceCapMiB?: number;
}

/**
 * The whole system as separate processes (scripts/local-system.ts, the one the end-to-end tests run) on a
 * database the bench made, plus what the bench reads of its processes: memory and CPU from /proc.
 */
export class BenchSystem {
  private constructor(private readonly sys: LocalSystem) {}

  static async start(o: BenchSystemOptions): Promise<BenchSystem> {
    const sys = await LocalSystem.start({
      dist: DIST,
      dbUrl: o.dbUrl,
      redisUrl: REDIS_URL,
      redisPrefix: REDIS_PREFIX,
      jwtSecret: JWT_SECRET,
      clock: o.clock,
      clockStart: o.clockStart,
      bootTimeoutMs: 180_000,
      taskIndex: o.taskIndex,
      env: {
        LOG_LEVEL: 'error',
        RATE_LIMIT_PER_MINUTE: '0',
        ...(o.cpuProfileDir
          ? { NODE_OPTIONS: `--require ${join(DIST, 'bench', 'support', 'cpu-profile-hook.js')}`, BENCH_CPU_PROFILE_DIR: o.cpuProfileDir }
          : {}),
        ...o.env,
      },
    });
    return new BenchSystem(sys);
  }

  get url(): string {
    return this.sys.url;
  }

  get env(): Record<string, string> {
    return this.sys.env;
  }

  processes(): { name: string; pid: number }[] {
    return this.sys.processes();
  }

  /** Memory of every running process, from /proc/<pid>/status. */
  memory(): Record<string, ProcessMemory> {
    const out: Record<string, ProcessMemory> = {};
    for (const p of this.processes()) {
      const m = readProcMemory(p.pid);
      if (m) out[p.name] = m;
    }
    return out;
  }

  /** CPU seconds (user + system) each running process has used so far, from /proc/<pid>/stat. */
  cpuSeconds(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const p of this.processes()) {
      const sec = readProcCpu(p.pid);
      if (sec !== undefined) out[p.name] = sec;
    }
    return out;
  }

  stop(): Promise<void> {
    return this.sys.stop();
  }
}

export function readProcMemory(pid: number): ProcessMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    const cap = oldSpaceCapOf(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'), nodeOptionsOf(readFileSync(`/proc/${pid}/environ`, 'utf8')));
    return { hwmMiB: round1(kb('VmHWM') / 1024), rssMiB: round1(kb('VmRSS') / 1024), ...(cap === undefined ? {} : { oldSpaceCapMiB: cap }) };
  } catch {
    return undefined;
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** NODE_OPTIONS from a process's /proc/<pid>/environ (NUL-separated). */
function nodeOptionsOf(environ: string): string | undefined {
  return environ
    .split('\0')
    .find((e) => e.startsWith('NODE_OPTIONS='))
    ?.slice('NODE_OPTIONS='.length);
}

/**
 * The old-space cap a node process runs with: the last `--max-old-space-size` (or `_`) of its command line's
 * node options (those before the script), else of NODE_OPTIONS (which Node applies first, so the command line wins).
 */
export function oldSpaceCapOf(cmdline: readonly string[], nodeOptions?: string): number | undefined {
  const script = cmdline.findIndex((a, i) => i > 0 && !a.startsWith('-'));
  const flags = [...(nodeOptions ?? '').split(/\s+/), ...cmdline.slice(1, script < 0 ? undefined : script)];
  let cap: number | undefined;
  for (const f of flags) {
    const m = /^--max[-_]old[-_]space[-_]size=(\d+)$/.exec(f);
    if (m) cap = Number(m[1]);
  }
  return cap;
}

const TICKS = 100; // USER_HZ on Linux

export function readProcCpu(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime, stime (fields 14 and 15 of stat)
  } catch {
    return undefined;
  }
}

/** The machine's CPU time so far (all cores): busy and total seconds, from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / TICKS, total: total / TICKS };
}

/** CPU used during a phase: per service process, by the bench driver itself, and by the whole machine. */
export class CpuMeter {
  private readonly procs: Record<string, number>;
  private readonly machine = machineCpu();
  private readonly self = process.cpuUsage();
  private readonly wall = performance.now();

  constructor(private readonly sys: BenchSystem | undefined) {
    this.procs = sys?.cpuSeconds() ?? {};
  }

  stop(): {
    wallSeconds: number;
    machineBusyPercent: number;
    cores: number;
    benchDriverSeconds: number;
    servicesSeconds: Record<string, number>;
    otherSeconds: number;
  } {
    const wallSeconds = (performance.now() - this.wall) / 1000;
    const m = machineCpu();
    const busy = m.busy - this.machine.busy;
    const total = m.total - this.machine.total;
    const now = this.sys?.cpuSeconds() ?? {};
    const servicesSeconds = Object.fromEntries(Object.entries(now).map(([k, v]) => [k, round1(v - (this.procs[k] ?? 0))]));
    const self = process.cpuUsage(this.self);
    const benchDriverSeconds = round1((self.user + self.system) / 1e6);
    const services = Object.values(servicesSeconds).reduce((a, b) => a + b, 0);
    const cores = Math.max(1, Math.round(total / wallSeconds));
    return {
      wallSeconds: round1(wallSeconds),
      machineBusyPercent: round1((100 * busy) / Math.max(total, 1e-9)),
      cores,
      benchDriverSeconds,
      servicesSeconds,
      otherSeconds: round1(busy - services - benchDriverSeconds),
    };
  }
}

/**
 * Samples the resident memory of a system's processes every `everyMs` while a phase runs, and keeps each
 * process's largest sample: the phase's peak (VmHWM alone is the peak since the process started).
 */
export class MemorySampler {
  private readonly peak: Record<string, number> = {};
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly sys: BenchSystem,
    private readonly everyMs = 500,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
    return this;
  }

  private sample(): void {
    for (const [name, m] of Object.entries(this.sys.memory())) this.peak[name] = Math.max(this.peak[name] ?? 0, m.rssMiB);
  }

  /** Stops sampling; per process: the phase's peak RSS sample and VmHWM now (MiB). */
  stop(): Record<string, { peakRssMiB: number; hwmMiB: number; oldSpaceCapMiB?: number }> {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const now = this.sys.memory();
    return Object.fromEntries(
      Object.entries(this.peak).map(([name, peak]) => {
        const cap = now[name]?.oldSpaceCapMiB;
        return [name, { peakRssMiB: peak, hwmMiB: now[name]?.hwmMiB ?? 0, ...(cap === undefined ? {} : { oldSpaceCapMiB: cap }) }];
      }),
    );
  }
}
