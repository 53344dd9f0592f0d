import { createServer, connect, Server, Socket } from 'node:net';
import { freePort } from '../../scripts/local-system';

/**
 * A TCP proxy of the test's own between the services and a server (PostgreSQL): it can cut every connection and
 * refuse new ones for a while (what a database restart looks like from outside), delay every chunk (a slow
 * link) and reset connections (a broken one). The server behind it is never touched.
 */
export class TcpProxy {
  private server?: Server;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private delayMs = 0;
  /** Connections accepted since start (a test checks the services really went through the proxy). */
  accepted = 0;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const p = new TcpProxy(await freePort(), target);
    await p.listen();
    return p;
  }

  /** A proxy in front of the PostgreSQL server a database URL names (the tests' shared server is never touched). */
  static toDatabase(url: string): Promise<TcpProxy> {
    const real = new URL(url);
    return TcpProxy.start({ host: real.hostname, port: Number(real.port || 5432) });
  }

  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  get connections(): number {
    return this.pairs.size;
  }

  private listen(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  private accept(client: Socket): void {
    this.accepted++;
    client.pause();
    const upstream = connect(this.target.port, this.target.host);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    upstream.once('connect', () => {
      this.pipe(client, upstream);
      this.pipe(upstream, client);
      client.resume();
    });
  }

  /** Copies `from` to `to`, each chunk held `delayMs` (in order) when latency is on. */
  private pipe(from: Socket, to: Socket): void {
    let chain = Promise.resolve();
    from.on('data', (chunk) => {
      if (this.delayMs === 0) {
        chain = chain.then(() => {
          if (!to.destroyed) to.write(chunk);
        });
        return;
      }
      const delay = this.delayMs;
      chain = chain.then(
        () =>
          new Promise<void>((r) =>
            setTimeout(() => {
              if (!to.destroyed) to.write(chunk);
              r();
            }, delay),
          ),
      );
    });
    from.on('end', () => void chain.then(() => to.end()));
  }

  /** Every chunk in either direction is held this long (0: off). */
  setLatency(ms: number): void {
    this.delayMs = ms;
  }

  /** Resets (RST) `fraction` of the open connections, chosen at random; returns how many. */
  reset(fraction = 1): number {
    let n = 0;
    for (const pair of [...this.pairs]) {
      if (Math.random() >= fraction) continue;
      n++;
      this.pairs.delete(pair);
      pair.client.resetAndDestroy();
      pair.upstream.destroy();
    }
    return n;
  }

  /**
   * The server "restarts": every open connection is reset and the port refuses new ones (ECONNREFUSED) until
   * `resume`.
   */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = server ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve();
    this.reset(1);
    await closed;
  }

  /** The server is back: the port accepts connections again. */
  async resume(): Promise<void> {
    if (!this.server) await this.listen();
  }

  async stop(): Promise<void> {
    this.setLatency(0);
    await this.cut();
  }
}
