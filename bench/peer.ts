import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { Client } from 'pg';
import { round } from './support/stats';

export type PeerResult =
  | {
      dir: string;
      /** in-flight instances, the same as the end-to-end run's concurrency */
      inflight: number;
      instances: number;
      /** the peer's transitions/s (start + 5 task completions per instance, each followed by a state upsert) */
      transitionsPerSecond: number;
      instancesPerSecond: number;
      /** instances finished, when its deadline cut the level short */
      instancesDone?: number;
      seconds: number;
      /** CPU seconds of the peer's process tree and of the whole machine while it ran */
      cpu?: { machineBusyPercent: number; wallSeconds: number };
      raw: Record<string, number>;
      output: string;
    }
  | { skipped: string; dir?: string }
  | { error: string; dir: string; output: string };

/**
 * Where the peer lives: PEER_DIR, or `../shared/peer-bpmn-engine` from the repository root (relative
 * paths in PEER_DIR are taken from the repository root too).
 */
export function peerDir(repoRoot: string): string {
  const fromEnv = process.env.PEER_DIR;
  if (fromEnv) return isAbsolute(fromEnv) ? fromEnv : resolve(repoRoot, fromEnv);
  const beside = (root: string) => resolve(root, '..', 'shared', 'peer-bpmn-engine');
  if (existsSync(beside(repoRoot))) return beside(repoRoot);
  // a git worktree elsewhere: beside the main checkout (the folder holding the common .git)
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (common && existsSync(beside(resolve(common, '..')))) return beside(resolve(common, '..'));
  } catch {
    /* no git */
  }
  return beside(repoRoot);
}

/**
 * Runs the peer (bpmn-engine, its state upserted into PostgreSQL after every step; its README says how) at
 * `inflight` instances in flight, in a database of its own that is dropped afterwards, and reads its
 * `RESULT` lines through `PEER_JSON`. A missing peer is reported as skipped, never a crash.
 */
export async function runPeer(o: {
  repoRoot: string;
  inflight: number;
  instances: number;
  dbUrl: string;
  log: (l: string) => void;
  timeoutMs?: number;
}): Promise<PeerResult> {
  const dir = peerDir(o.repoRoot);
  const script = join(dir, 'run.sh');
  if (!existsSync(script)) return { skipped: `no peer at ${dir} (run.sh missing; set PEER_DIR)`, dir };
  const url = new URL(o.dbUrl);
  const database = `${url.pathname.replace(/^\//, '') || 'permits_bench'}_peer_${Math.random().toString(16).slice(2, 8)}`;
  const out = mkdtempSync(join(tmpdir(), 'permits-bench-peer-'));
  const json = join(out, 'peer.json');
  // its dependencies are installed once into a folder of the bench's own (not the default shared /tmp one)
  const workdir = process.env.PEER_WORKDIR ?? join(tmpdir(), 'permits-bench-peer-bpmn-engine');
  const env = {
    ...process.env,
    PEER_JSON: json,
    PEER_WORKDIR: workdir,
    PGHOST: url.hostname || '127.0.0.1',
    PGPORT: url.port || '5432',
    PGUSER: decodeURIComponent(url.username) || 'postgres',
    PGPASSWORD: decodeURIComponent(url.password),
    PGDATABASE: database,
    INSTANCES: String(o.instances),
    INFLIGHTS: String(o.inflight),
  };
  const lines: string[] = [];
  const started = performance.now();
  try {
    const code = await new Promise<number | null>((resolveExit, reject) => {
      const child = spawn('bash', [script], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const keep = (b: Buffer) => {
        for (const l of b.toString().split('\n')) if (l.trim()) lines.push(l);
        if (lines.length > 400) lines.splice(0, 200);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const timer = setTimeout(() => child.kill('SIGTERM'), o.timeoutMs ?? 420_000);
      child.on('error', reject);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolveExit(c);
      });
    });
    const seconds = round((performance.now() - started) / 1000, 1);
    const output = lines.filter((l) => l.startsWith('#') || l.startsWith('RESULT')).join('\n');
    if (code !== 0 || !existsSync(json)) return { error: `the peer exited with ${code}: ${lines.slice(-8).join(' | ').slice(0, 1500)}`, dir, output };
    const raw = JSON.parse(readFileSync(json, 'utf8')) as Record<string, number>;
    const key = `bpmn_memory_if${o.inflight}`;
    const tps = raw[`${key}_transitions_per_s`];
    if (typeof tps !== 'number') return { error: `the peer wrote no ${key}_transitions_per_s: ${JSON.stringify(raw)}`, dir, output };
    o.log(`peer: ${lines.find((l) => l.startsWith(`# memory`)) ?? ''}`);
    return {
      dir,
      inflight: o.inflight,
      instances: o.instances,
      transitionsPerSecond: tps,
      instancesPerSecond: raw[`${key}_instances_per_s`],
      ...(raw[`${key}_instances_done`] !== undefined ? { instancesDone: raw[`${key}_instances_done`] } : {}),
      seconds,
      raw,
      output,
    };
  } catch (err) {
    return { error: (err as Error).message, dir, output: lines.slice(-20).join('\n') };
  } finally {
    rmSync(out, { recursive: true, force: true });
    const admin = new Client({ connectionString: Object.assign(new URL(o.dbUrl), { pathname: '/postgres' }).toString() });
    await admin
      .connect()
      .then(() => admin.query(`DROP DATABASE IF EXISTS "${database}"`))
      .catch(() => undefined)
      .finally(() => admin.end().catch(() => undefined));
  }
}
