/**
 * What `npm start` does with its processes, apart from starting them: restarts a process that crashes
 * with exponential backoff (reset once it has stayed up), never restarts one that exits with a
 * configuration error (EX_CONFIG, 78: every process reads the same settings, so the others would fail
 * the same way; everything stops and start exits 78), and on stop or a failed start leaves no process
 * behind (each child leads its own process group, and the whole group is signalled).
 *
 * No I/O of its own: spawning, signalling, timers and exiting come in as `SupervisorHost`, so the rules are
 * unit-tested (scripts/supervisor.spec.ts).
 */

/** The exit status of a configuration error (sysexits.h EX_CONFIG); `exitOnConfigError` exits with it. */
export const EX_CONFIG = 78;

export interface Backoff {
  /** The pause before the first restart. */
  initialMs: number;
  /** No pause is longer than this. */
  maxMs: number;
  /** A process that ran this long before it exited counts as healthy: its next restart waits initialMs again. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1000, maxMs: 30_000, stableMs: 60_000 };

/** The pause before restart number `failures` in a row (1, 2, …): initialMs doubled each time, capped. */
export function restartDelay(failures: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
}

export interface ProcessSpec {
  name: string;
}

/** A started child: its pid and a way to hear when it is gone. */
export interface Child {
  readonly pid?: number;
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
}

export interface SupervisorHost<P extends ProcessSpec> {
  spawn(spec: P): Child;
  /** Signals the child's whole process group (its own children too). */
  killGroup(child: Child, signal: NodeJS.Signals): void;
  log(line: string): void;
  now(): number;
  setTimeout(fn: () => void, ms: number): { unref?: () => void };
  exit(code: number): void;
}

interface Running {
  child: Child;
  startedAt: number;
  /** Crashes in a row, each within stableMs of its start. */
  failures: number;
}

export class Supervisor<P extends ProcessSpec> {
  private readonly running = new Map<string, Running>();
  private readonly failures = new Map<string, number>();
  private stopping = false;
  private exitCode = 0;

  constructor(
    private readonly host: SupervisorHost<P>,
    private readonly backoff: Backoff = DEFAULT_BACKOFF,
    private readonly graceMs = 25_000,
  ) {}

  get isStopping(): boolean {
    return this.stopping;
  }

  /** How many children are alive. */
  get size(): number {
    return this.running.size;
  }

  start(spec: P): void {
    if (this.stopping) return;
    const child = this.host.spawn(spec);
    const entry: Running = { child, startedAt: this.host.now(), failures: this.failures.get(spec.name) ?? 0 };
    this.running.set(spec.name, entry);
    child.onExit((code, signal) => this.exited(spec, entry, code, signal));
  }

  private exited(spec: P, entry: Running, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.running.get(spec.name) === entry) this.running.delete(spec.name);
    if (this.stopping) return this.finishIfEmpty();
    if (code === EX_CONFIG) {
      this.host.log(`${spec.name} exited with a configuration error (exit ${EX_CONFIG}, its message is above): not restarted; stopping`);
      return this.stop('SIGTERM', EX_CONFIG);
    }
    const upFor = this.host.now() - entry.startedAt;
    const failures = upFor >= this.backoff.stableMs ? 1 : entry.failures + 1;
    this.failures.set(spec.name, failures);
    const delay = restartDelay(failures, this.backoff);
    this.host.log(`${spec.name} exited (${signal ?? code}); restarting in ${delay / 1000} s${failures > 1 ? ` (crash ${failures} in a row)` : ''}`);
    this.host.setTimeout(() => this.start(spec), delay);
  }

  /**
   * Stops every child (SIGTERM to its group, SIGKILL to what is left after the grace period), then exits
   * with `exitCode`. Calling it again changes nothing.
   */
  stop(signal: NodeJS.Signals = 'SIGTERM', exitCode = 0): void {
    if (this.stopping) return;
    this.stopping = true;
    this.exitCode = exitCode;
    this.host.log(`stopping ${this.running.size} processes`);
    for (const { child } of this.running.values()) this.host.killGroup(child, signal);
    this.host.setTimeout(() => this.killAll(), this.graceMs).unref?.();
    this.finishIfEmpty();
  }

  /** SIGKILL to every child's group still alive: the last resort, also when start itself is about to exit. */
  killAll(): void {
    for (const { child } of this.running.values()) this.host.killGroup(child, 'SIGKILL');
  }

  private finishIfEmpty(): void {
    if (this.stopping && this.running.size === 0) this.host.exit(this.exitCode);
  }
}
