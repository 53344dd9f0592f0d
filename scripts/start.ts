import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { exitOnConfigError, GatewayConfig, loadConfig, ServiceName } from '@permits/config';
import { migrateAll, PrerequisiteMissing } from './migrate';
import { PROCESSES } from './services';

/**
 * `npm start`: prepares the database (create, migrate, seed), then runs every service as its own
 * process and the gateway on PORT. SIGINT/SIGTERM stop them all gracefully; a process that dies is
 * restarted after a short pause.
 */
async function main(): Promise<void> {
  const config = exitOnConfigError(() => loadConfig(GatewayConfig));
  const log = (line: string) => process.stdout.write(`[start] ${line}\n`);
  try {
    await migrateAll(config, log);
  } catch (err) {
    process.stderr.write(`${err instanceof PrerequisiteMissing ? err.message : String((err as Error).stack ?? err)}\n`);
    process.exit(1);
  }

  const dist = join(__dirname, '..');
  const children = new Map<string, ChildProcess>();
  let stopping = false;

  const spawn = (p: (typeof PROCESSES)[number]) => {
    const child = fork(join(dist, p.entry), [], { env: { ...process.env, SERVICE_PROCESS: p.name }, stdio: 'inherit' });
    children.set(p.name, child);
    child.on('exit', (code, signal) => {
      children.delete(p.name);
      if (stopping) return;
      log(`${p.name} exited (${signal ?? code}); restarting in 1 s`);
      setTimeout(() => !stopping && spawn(p), 1000);
    });
  };

  const services = PROCESSES.filter((p) => p.service !== 'gateway');
  services.forEach(spawn);
  await waitHealthy(config, ['intake', 'eia-review', 'discharge-permit', 'notification']);
  PROCESSES.filter((p) => p.service === 'gateway').forEach(spawn);
  log(`portal API on http://localhost:${config.PORT} (docs at /docs)`);

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping ${children.size} processes`);
    for (const c of children.values()) c.kill('SIGTERM');
    const force = setTimeout(() => {
      for (const c of children.values()) c.kill('SIGKILL');
    }, (config.SHUTDOWN_GRACE_SECONDS + 5) * 1000);
    force.unref();
    const check = setInterval(() => {
      if (children.size === 0) {
        clearInterval(check);
        process.exit(0);
      }
    }, 100);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function waitHealthy(config: GatewayConfig, services: ServiceName[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const s of services) {
    for (;;) {
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
