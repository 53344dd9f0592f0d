import request from 'supertest';
import type { Response, Test } from 'supertest';
import { answerProblems } from './contract';
import { LocalSystem } from '../../scripts/local-system';
import { DATABASES, DIST, REDIS_PREFIX, REDIS_URL } from './env';

export const JWT_SECRET = 'e2e-secret-value';

export interface SystemOptions {
  label: string;
  clock?: 'manual' | 'system';
  clockStart?: string;
  env?: Record<string, string>;
  /** A Redis of the test's own (a PrivateRedis), instead of the shared one. */
  redisUrl?: string;
  /** The DATABASE_URL the processes get, from the real one (e.g. through a TcpProxy); the test itself uses the real one. */
  databaseVia?: (url: string) => string;
  /** Copies of every process (LocalSystem's `replicas`); requests then go to the gateways in turn. */
  replicas?: number;
  /** The gateway's task index on (LocalSystem's `taskIndex`); default: E2E_TASK_INDEX=1 turns it on for every file. */
  taskIndex?: boolean;
}

/**
 * The whole system as separate processes (scripts/local-system.ts) on a fresh copy of the migrated
 * template database: what a portal talks to, for one test file.
 */
export class RunningSystem {
  private constructor(
    private readonly sys: LocalSystem,
    readonly dbUrl: string,
  ) {}

  static async start(o: SystemOptions): Promise<RunningSystem> {
    const db = await DATABASES.fresh(o.label);
    const sys = await LocalSystem.start({
      dist: DIST,
      dbUrl: o.databaseVia ? o.databaseVia(db.url) : db.url,
      redisUrl: o.redisUrl ?? REDIS_URL,
      redisPrefix: REDIS_PREFIX,
      jwtSecret: JWT_SECRET,
      clock: o.clock,
      clockStart: o.clockStart,
      replicas: o.replicas,
      taskIndex: o.taskIndex ?? process.env.E2E_TASK_INDEX === '1',
      // a killed worker's jobs come back after 4 s instead of 30
      env: { LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn', QUEUE_LOCK_MS: '4000', ...o.env },
    });
    return new RunningSystem(sys, db.url);
  }

  get url(): string {
    return this.sys.url;
  }

  get env(): Record<string, string> {
    return this.sys.env;
  }

  get output(): string[] {
    return this.sys.output;
  }

  private turn = 0;

  /**
   * A request to the gateway; with replicas, to each gateway in turn. Every answer is checked against the
   * committed OpenAPI document (test/support/contract.ts answerProblems): a drift fails the request after the
   * test's own expectations passed.
   */
  http(): ReturnType<typeof request> {
    const urls = this.sys.urls;
    return validated(request(urls[this.turn++ % urls.length]));
  }

  get urls(): string[] {
    return this.sys.urls;
  }

  killNamed(name: string): Promise<void> {
    return this.sys.killNamed(name);
  }

  restartNamed(name: string): void {
    this.sys.restartNamed(name);
  }

  /** Each running process: its name and pid. */
  processes() {
    return this.sys.processes();
  }

  processOf(entry: string) {
    return this.sys.processOf(entry);
  }

  kill(entry: string): Promise<void> {
    return this.sys.kill(entry);
  }

  terminate(entry: string, timeoutMs?: number) {
    return this.sys.terminate(entry, timeoutMs);
  }

  restart(entry: string): void {
    this.sys.restart(entry);
  }

  crash(entry: string): Promise<void> {
    return this.sys.crash(entry);
  }

  stop(): Promise<void> {
    return this.sys.stop();
  }
}

/** Polls until `check` returns a value (not undefined/false) or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Agent = ReturnType<typeof request>;
type Assert = (err: Error | null, res: Response | undefined, fn?: (err: Error | null, res: Response) => void) => void;

/** Wraps each method of a supertest agent so that the Test it makes checks its answer against the document. */
export function validated(agent: Agent): Agent {
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const make = Reflect.get(target, prop, receiver) as unknown;
      if (typeof make !== 'function') return make;
      return (url: string) => {
        const test = (make as (url: string) => Test).call(target, url) as Test & { assert: Assert; method: string };
        const assert = test.assert.bind(test);
        test.assert = (err, res, fn) =>
          assert(err, res, (failure, answer) => {
            let problem = failure;
            if (!problem && answer) {
              const problems = answerProblems(test.method, url, answer.status, answer.headers['content-type'], answer.body);
              if (problems.length)
                problem = new Error(
                  `the answer drifts from apps/gateway/openapi.json:\n  ${problems.join('\n  ')}\n  body: ${JSON.stringify(answer.body).slice(0, 2000)}`,
                );
            }
            fn?.call(test, problem, answer);
          });
        return test;
      };
    },
  });
}
