import type { Response, Test } from 'supertest';
import { Portal } from './portal';

/** What the clients met while a fault was on: every answer that broke the rules is kept with what was sent. */
export interface Answers {
  total: number;
  /** 503 SERVICE_UNAVAILABLE with Retry-After: the answer a fault should give. */
  unavailable: number;
  /** 5xx without a code or Retry-After, no answer in time, a dropped connection to the gateway. */
  bad: string[];
  /** Connections to a gateway refused or dropped while `gatewaysMayDie` (a load balancer would send them elsewhere). */
  dropped: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A portal that sends a request again when the answer is 503 (as Retry-After asks, sooner here), and records
 * every answer that is not what a fault may give: a 503 must carry Retry-After and a code, nothing may hang
 * (no answer in `timeoutMs`) or be a 500.
 */
export class RetryingClient {
  readonly answers: Answers = { total: 0, unavailable: 0, bad: [], dropped: 0 };
  /** Gateways are being killed: a refused or dropped connection is sent again (to the next gateway), not a fault. */
  gatewaysMayDie = false;

  constructor(
    readonly portal: Portal,
    private readonly timeoutMs = 30_000,
    private readonly giveUpMs = 120_000,
  ) {}

  async send(what: string, make: () => Test): Promise<Response> {
    const deadline = Date.now() + this.giveUpMs;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`${what}: still no answer but 503 after ${this.giveUpMs} ms`);
      this.answers.total++;
      let res: Response;
      try {
        res = await make().timeout(this.timeoutMs);
      } catch (err) {
        const e = err as { timeout?: number; code?: string; message?: string };
        if (
          this.gatewaysMayDie &&
          !e.timeout &&
          ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'socket hang up'].some((c) => e.code === c || e.message?.includes(c))
        ) {
          this.answers.dropped++;
          await sleep(100);
          continue;
        }
        this.answers.bad.push(`${what}: ${e.timeout ? `no answer in ${this.timeoutMs} ms` : `${e.code ?? ''} ${e.message ?? String(err)}`}`);
        await sleep(250);
        continue;
      }
      if (res.status === 503) {
        this.answers.unavailable++;
        if (!res.headers['retry-after'] || res.body?.code !== 'SERVICE_UNAVAILABLE')
          this.answers.bad.push(`${what}: 503 without Retry-After or code: ${JSON.stringify(res.body)}`);
        await sleep(300);
        continue;
      }
      if (res.status >= 500) {
        this.answers.bad.push(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
        await sleep(300);
        continue;
      }
      return res;
    }
  }
}
