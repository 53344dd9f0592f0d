import 'reflect-metadata';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { exitOnConfigError, GatewayConfig, LauncherConfig, loadConfig, ServiceName } from '@permits/config';
import { migrateAll, PrerequisiteMissing } from './migrate';
import { NODE_PROCESS_FLAGS, PROCESSES, processEnv } from './services';
import { Supervisor, SupervisorHost } from './supervisor';

type Spec = (typeof PROCESSES)[number];

/**
 * `npm start`: prepares the database (create, migrate, seed), then runs every service as its own
 * process and the gateway on PORT. SIGINT/SIGTERM stop them all gracefully. A process that crashes is
 * restarted with exponential backoff; one that exits with a configuration error (78) stops everything
 * (scripts/supervisor.ts). A failed start stops what it started, children of children included. Each process gets
 * only its own secrets and, for a service, its own database connection (scripts/services.ts, processEnv).
 */
async function main(): Promise<void> {
  const config = exitOnConfigError(() => loadConfig(LauncherConfig));
  const log = (line: string) => process.stdout.write(`[start] ${line}\n`);
  try {
    await migrateAll(config, log);
  } catch (err) {
    process.stderr.write(`${err instanceof PrerequisiteMissing ? err.message : String((err as Error).stack ?? err)}\n`);
    process.exit(err instanceof PrerequisiteMissing ? err.exitCode : 1);
  }

  const dist = join(__dirname, '..');
  const host: SupervisorHost<Spec> = {
    // each child leads its own process group, so stopping it reaches whatever it started
    spawn: (p) => {
      const child = fork(join(dist, p.entry), [], {
        env: { ...processEnv(p, process.env), SERVICE_PROCESS: p.name },
        execArgv: [...process.execArgv, ...NODE_PROCESS_FLAGS],
        stdio: 'inherit',
        detached: true,
      });
      return { pid: child.pid, onExit: (listener) => void child.on('exit', listener) };
    },
    killGroup: (child, signal) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    },
    log,
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    exit: (code) => process.exit(code),
  };
  const supervisor = new Supervisor<Spec>(host, undefined, (config.SHUTDOWN_GRACE_SECONDS + 5) * 1000);
  // whatever ends this process, no child outlives it
  process.on('exit', () => supervisor.killAll());
  process.on('SIGINT', () => supervisor.stop('SIGTERM'));
  process.on('SIGTERM', () => supervisor.stop('SIGTERM'));

  try {
    PROCESSES.filter((p) => p.service !== 'gateway').forEach((p) => supervisor.start(p));
    await waitHealthy(config, ['intake', 'eia-review', 'discharge-permit', 'notification', 'supervision'], () => supervisor.isStopping);
    PROCESSES.filter((p) => p.service === 'gateway').forEach((p) => supervisor.start(p));
    log(`portal API on http://localhost:${config.PORT} (docs at /docs)`);
  } catch (err) {
    if (supervisor.isStopping) return;
    log(`start failed: ${(err as Error).message}; stopping what was started`);
    supervisor.stop('SIGTERM', 1);
  }
}

async function waitHealthy(config: GatewayConfig, services: ServiceName[], givenUp: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const s of services) {
    for (;;) {
      if (givenUp()) return;
      try {
        const r = await fetch(`${config.serviceUrl(s)}/health`, { signal: AbortSignal.timeout(2000) });
        if (r.ok) break;
      } catch {
        /* starting */
      }
      if (Date.now() > deadline) throw new Error(`${s} did not become healthy within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

void main();
