import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** An SMTP server on loopback that accepts every message and keeps only a count (the bench's e-mail channel). */
export class SmtpSink {
  private constructor(
    private readonly server: SMTPServer,
    readonly url: string,
    private readonly count: { received: number },
  ) {}

  /** Messages accepted so far. */
  get received(): number {
    return this.count.received;
  }

  static async start(): Promise<SmtpSink> {
    const count = { received: 0 };
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, cb) {
        stream.on('data', () => undefined);
        stream.on('end', () => {
          count.received++;
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new SmtpSink(server, `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, count);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
