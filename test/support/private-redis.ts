import { ChildProcess, spawn } from 'node:child_process';
import IORedis from 'ioredis';
import { freePort } from '../../scripts/local-system';

/**
 * A redis-server of the test's own on a free loopback port, without persistence (as `.ci/run` and many
 * installations run Redis): `restartEmpty` is a Redis restart that loses every key. Never the shared Redis.
 */
export class PrivateRedis {
  private child?: ChildProcess;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort());
    await r.spawn();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  private async spawn(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const c = new IORedis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await c.connect();
        if ((await c.ping()) === 'PONG') return;
      } catch {
        /* starting */
      } finally {
        c.disconnect();
      }
      if (Date.now() > deadline) throw new Error(`redis-server on port ${this.port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGKILL: every connection drops; nothing answers on the port until `startEmpty`. */
  async kill(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await gone;
  }

  async startEmpty(): Promise<void> {
    await this.spawn();
  }

  /** A restart that loses every key. */
  async restartEmpty(): Promise<void> {
    await this.kill();
    await this.startEmpty();
  }

  async stop(): Promise<void> {
    await this.kill();
  }
}
