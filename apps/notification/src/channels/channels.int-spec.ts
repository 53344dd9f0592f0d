import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { renderMessage } from './channel';
import { EmailChannel } from './email.channel';
import { HttpSmsGateway, SmsChannel } from './sms.channel';

describe(EmailChannel.name, () => {
  let smtp: SMTPServer;
  let port: number;
  const received: { from: string; to: string[]; raw: string }[] = [];
  let refuse = false;
  let connections = 0;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect(_session, cb) {
        connections++;
        cb();
      },
      onRcptTo(address, _session, cb) {
        cb(refuse ? Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }) : undefined);
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('sends the rendered notification over SMTP with the delivery id as Message-ID', async () => {
    const channel = new EmailChannel(`smtp://127.0.0.1:${port}`, 'Bureau <permits@bureau.test>');
    try {
      await channel.send({
        deliveryId: 'dlv-1',
        to: 'ehs@enterprise.test',
        ...renderMessage({ kind: 'decision', applicationId: 'app-9', data: { result: 'approved', permitNo: 'P-1' } }),
      });
    } finally {
      channel.close();
    }
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ from: 'permits@bureau.test', to: ['ehs@enterprise.test'] });
    expect(received[0].raw).toContain('Message-ID: <dlv-1@permits.notification>');
    expect(received[0].raw).toContain('permitNo: P-1');
  });

  it('sends many messages over a few pooled connections, not one connection each', async () => {
    const channel = new EmailChannel(`smtp://127.0.0.1:${port}`, 'permits@bureau.test');
    const before = connections;
    const had = received.length;
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          channel.send({
            deliveryId: `dlv-pool-${i}`,
            to: `n${i}@enterprise.test`,
            ...renderMessage({ kind: 'task_assigned', applicationId: 'app-1', data: {} }),
          }),
        ),
      );
    } finally {
      channel.close();
    }
    expect(received.length - had).toBe(20);
    expect(connections - before).toBeGreaterThanOrEqual(1);
    expect(connections - before).toBeLessThanOrEqual(5);
  });

  it('fails when the server refuses the recipient, so the job is retried', async () => {
    refuse = true;
    const channel = new EmailChannel(`smtp://127.0.0.1:${port}`, 'permits@bureau.test');
    try {
      await expect(channel.send({ deliveryId: 'dlv-2', to: 'nobody@enterprise.test', subject: 's', text: 't', short: 's' })).rejects.toThrow(
        /550|mailbox unavailable/,
      );
    } finally {
      refuse = false;
      channel.close();
    }
  });
});

describe(HttpSmsGateway.name, () => {
  let server: Server;
  let url: string;
  const calls: { headers: Record<string, unknown>; body: unknown }[] = [];
  let status = 200;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        calls.push({ headers: req.headers, body: JSON.parse(body) as unknown });
        res.writeHead(status).end(status === 200 ? '{"ok":true}' : 'quota exceeded');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms/send`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('posts the text with the key and the delivery id as idempotency key', async () => {
    await new SmsChannel(new HttpSmsGateway(url, 'key-1')).send({
      deliveryId: 'dlv-3',
      to: '+8613800138000',
      subject: 's',
      text: 'long text',
      short: 'short text',
    });
    expect(calls[0].body).toEqual({ to: '+8613800138000', text: 'short text', id: 'dlv-3' });
    expect(calls[0].headers).toMatchObject({ authorization: 'Bearer key-1', 'idempotency-key': 'dlv-3' });
  });

  it('fails on an answer other than 2xx', async () => {
    status = 429;
    await expect(new HttpSmsGateway(url, 'key-1').send('13800138000', 'x', 'dlv-4')).rejects.toThrow(/429.*quota exceeded/);
    status = 200;
  });
});
