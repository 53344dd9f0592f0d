import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { SourceMap } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { round, sleep } from './support/stats';

// CPU profiles (V8's sampling profiler, .cpuprofile JSON) reduced to what a reader needs: per process, the
// frames with the most self time (compiled positions mapped back to the TypeScript through the build's
// source maps) and the self time per package (our code, each node_modules package, Node's internals, GC).

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
}

export interface Frame {
  function: string;
  /** file:line (1-based) of the function, in the TypeScript source where a source map says so */
  location: string;
  selfMs: number;
  /** self time ÷ the process's busy time (samples not idle) */
  selfPercent: number;
}

export interface ProcessProfile {
  process: string;
  /** the profile's span and the part of it the process was busy (not idle), ms */
  spanMs: number;
  busyMs: number;
  samples: number;
  top: Frame[];
  byPackage: { name: string; percent: number; ms: number }[];
}

const maps = new Map<string, SourceMap | null>();

function sourceMapOf(file: string): SourceMap | null {
  if (!maps.has(file)) {
    let map: SourceMap | null = null;
    try {
      if (existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  return maps.get(file) ?? null;
}

function pathOf(url: string): string | null {
  if (!url) return null;
  if (url.startsWith('file://')) return fileURLToPath(url);
  return url.startsWith('/') ? url : null;
}

/** Where a frame is, for a reader: the .ts file and line of our code, `node_modules/<pkg>/…:line`, `node:…`. */
function locate(cf: CallFrame, root: string): { location: string; pkg: string } {
  const path = pathOf(cf.url);
  const line = cf.lineNumber + 1;
  if (!path) {
    if (cf.url.startsWith('node:')) return { location: `${cf.url}:${line}`, pkg: 'node internals' };
    return { location: cf.url ? `${cf.url}:${line}` : '(native)', pkg: cf.functionName.startsWith('(') ? cf.functionName : 'V8/native' };
  }
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length);
    const parts = rest.split('/');
    const pkg = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    return { location: `node_modules/${rest}:${line}`, pkg };
  }
  const map = path.endsWith('.js') ? sourceMapOf(path) : null;
  const entry = map?.findEntry(cf.lineNumber, cf.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
  if (entry?.originalSource) {
    const src = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : resolve(dirname(path), entry.originalSource);
    return { location: `${relative(root, src)}:${(entry.originalLine ?? 0) + 1}`, pkg: 'our code' };
  }
  return { location: `${relative(root, path)}:${line}`, pkg: 'our code' };
}

/** Self time per function and per package of one profile; `(idle)` is left out of the busy time. */
export function summarize(profile: CpuProfile, processName: string, root: string, topN = 10): ProcessProfile {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // a native function (no script: writev, a crypto binding's init) is charged to the nearest JavaScript outside
  // Node's own internals that called it (the library or our code that asked for it), else to Node's
  const caller = (id: number): CallFrame | undefined => {
    let internal: CallFrame | undefined;
    for (let p = parent.get(id); p !== undefined; p = parent.get(p)) {
      const cf = byId.get(p);
      if (cf?.url && !cf.url.startsWith('node:')) return cf;
      if (cf?.url && !internal) internal = cf;
    }
    return internal;
  };
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const spanMs = (profile.endTime - profile.startTime) / 1000;
  const msPerSample = profile.samples.length ? spanMs / profile.samples.length : 0;
  const frames = new Map<string, { fn: string; location: string; n: number }>();
  const packages = new Map<string, number>();
  let busy = 0;
  for (const [id, n] of hits) {
    const cf = byId.get(id);
    if (!cf || cf.functionName === '(idle)') continue;
    busy += n;
    let { location, pkg } = locate(cf, root);
    if (!cf.url && !cf.functionName.startsWith('(')) {
      const from = caller(id);
      if (from) {
        const at = locate(from, root);
        location = `native, called from ${from.functionName || '(anonymous)'} (${at.location})`;
        pkg = at.pkg === 'our code' ? 'our code (native calls)' : at.pkg;
      }
    }
    const fn = cf.functionName || '(anonymous)';
    const key = `${fn}@${location}`;
    const f = frames.get(key) ?? { fn, location, n: 0 };
    f.n += n;
    frames.set(key, f);
    packages.set(pkg, (packages.get(pkg) ?? 0) + n);
  }
  const pct = (n: number) => (busy ? round((100 * n) / busy, 1) : 0);
  return {
    process: processName,
    spanMs: Math.round(spanMs),
    busyMs: Math.round(busy * msPerSample),
    samples: profile.samples.length,
    top: [...frames.values()]
      .sort((a, b) => b.n - a.n)
      .slice(0, topN)
      .map((f) => ({ function: f.fn, location: f.location, selfMs: Math.round(f.n * msPerSample), selfPercent: pct(f.n) })),
    byPackage: [...packages.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([name, n]) => ({ name, percent: pct(n), ms: Math.round(n * msPerSample) })),
  };
}

/**
 * Profiles of a system's processes over one phase (bench/support/cpu-profile-hook.ts in each of them):
 * `start` sends the first SIGWINCH and waits until each process says its profiler runs; `stop` sends the
 * second and reads the profiles each process writes.
 */
export class SystemProfiler {
  private procs: { name: string; pid: number }[] = [];

  constructor(
    private readonly dir: string,
    private readonly root: string,
  ) {}

  async start(processes: { name: string; pid: number }[]): Promise<void> {
    this.procs = processes;
    for (const p of processes) process.kill(p.pid, 'SIGWINCH');
    await this.waitFor((p) => existsSync(join(this.dir, `${p.pid}.started`)), 10_000);
  }

  async stop(): Promise<{ profiles: ProcessProfile[]; missing: string[]; byPackage: { name: string; ms: number; percent: number }[] }> {
    for (const p of this.procs) {
      try {
        process.kill(p.pid, 'SIGWINCH');
      } catch {
        /* gone */
      }
    }
    await this.waitFor((p) => existsSync(join(this.dir, `${p.pid}.cpuprofile`)), 30_000);
    const profiles: ProcessProfile[] = [];
    const missing: string[] = [];
    for (const p of this.procs) {
      const file = join(this.dir, `${p.pid}.cpuprofile`);
      if (!existsSync(file)) {
        const failed = readdirSync(this.dir).find((f) => f.startsWith(`${p.pid}.failed`));
        missing.push(`${p.name}${failed ? ` (${failed})` : ''}`);
        continue;
      }
      profiles.push(summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, p.name, this.root));
    }
    // the whole system: busy time per package summed over the processes (only each process's top 8 are kept)
    const sum = new Map<string, number>();
    for (const p of profiles) for (const x of p.byPackage) sum.set(x.name, (sum.get(x.name) ?? 0) + x.ms);
    const busy = profiles.reduce((a, p) => a + p.busyMs, 0);
    const byPackage = [...sum.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([name, ms]) => ({ name, ms, percent: busy ? round((100 * ms) / busy, 1) : 0 }));
    return { profiles: profiles.sort((a, b) => b.busyMs - a.busyMs), missing, byPackage };
  }

  private async waitFor(ok: (p: { name: string; pid: number }) => boolean, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until && !this.procs.every(ok)) await sleep(100);
  }
}

/** Profiles this process (the engine-alone phase runs in it) between start and the returned stop. */
export async function profileThisProcess(name: string, root: string): Promise<() => Promise<ProcessProfile>> {
  const s = new Session();
  s.connect();
  const post = (method: string, params?: object) => new Promise<any>((ok, fail) => s.post(method, params ?? {}, (err, res) => (err ? fail(err) : ok(res)))); // eslint-disable-line @typescript-eslint/no-explicit-any -- the inspector protocol's answers are untyped
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 1000 });
  await post('Profiler.start');
  return async () => {
    const { profile } = (await post('Profiler.stop')) as { profile: CpuProfile };
    s.disconnect();
    return summarize(profile, name, root);
  };
}
