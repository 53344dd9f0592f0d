import { INestApplication, Logger } from '@nestjs/common';
import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayConfig, loadConfig } from '@permits/config';
import { REDIS_PREFIX, REDIS_URL } from '../../../test/support/env';
import { createGateway } from './http';

jest.setTimeout(60_000);

const MiB = 1024 * 1024;

interface Answer {
  status: number;
  body: string;
}

/**
 * One request over raw http with a chunked body (no Content-Length): `chunks` pieces of `size` bytes, written
 * as the socket takes them. Answers what came back; a connection the server closes after answering is fine.
 */
function sendChunked(port: number, path: string, chunks: number, size: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    const piece = Buffer.alloc(size, 0x20); // spaces: JSON whitespace
    let sent = 0;
    const more = (): void => {
      while (sent < chunks) {
        sent++;
        if (req.destroyed) return;
        if (!req.write(piece)) return void req.once('drain', more);
      }
      req.end();
    };
    more();
  });
}

/**
 * The gateway's body limit on bodies that declare no length (chunked), against a stand-in upstream that takes
 * anything and says how many bytes reached it.
 */
describe('gateway body limit', () => {
  let upstream: Server;
  let app: INestApplication;
  let port: number;
  let received: number[] = [];
  let connections = 0;
  /** Requests whose connection the stand-in drops without answering (a service closing a pooled connection). */
  let drop = 0;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    upstream = createServer((req, res) => {
      if (drop > 0) {
        drop--;
        return void req.socket.destroy();
      }
      let n = 0;
      req.on('data', (d: Buffer) => (n += d.length));
      req.on('end', () => {
        const answer = () => {
          received.push(n);
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ received: n }));
        };
        // `?slow`: the answer comes after the client has gone (see the test below)
        if (req.url?.includes('slow')) setTimeout(answer, 300);
        else answer();
      });
      req.on('error', () => received.push(n));
    });
    upstream.on('connection', () => connections++);
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const config = loadConfig(GatewayConfig, { REDIS_URL, REDIS_PREFIX, RATE_LIMIT_PER_MINUTE: '0', INTAKE_URL: upstreamUrl, LOG_LEVEL: 'silent' });
    const nest = await createGateway(config, { logger: false });
    await nest.listen(0, '127.0.0.1');
    app = nest;
    port = (nest.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((r) => upstream?.close(r));
  });

  beforeEach(() => {
    received = [];
    drop = 0;
  });

  const get = (path: string, method = 'GET') =>
    new Promise<Answer>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('sends successive requests to a service over pooled connections, not one connection each', async () => {
    const before = connections;
    for (let i = 0; i < 10; i++) expect((await get('/api/v1/applications')).status).toBe(200);
    // each client request came on a connection of its own (agent: false); the gateway reused its upstream one
    expect(connections - before).toBe(1);
  });

  it('sends a read once more when the service drops the connection under it, and answers 503 to a write', async () => {
    drop = 1;
    const read = await get('/api/v1/applications');
    expect(read.status).toBe(200);
    expect(drop).toBe(0);
    drop = 1;
    const write = await get('/api/v1/applications', 'POST');
    expect(write.status).toBe(503);
    expect(JSON.parse(write.body)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('lives on when a client goes away while the service is still answering', async () => {
    for (let i = 0; i < 3; i++) {
      const gone = new Promise<void>((resolve) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/api/v1/applications?slow', agent: false }, () => undefined);
        req.on('error', () => resolve());
        req.end();
        setTimeout(() => (req.destroy(), resolve()), 50);
      });
      await gone;
    }
    await new Promise((r) => setTimeout(r, 500)); // the service's answers arrive for clients that are gone
    expect((await get('/api/v1/applications')).status).toBe(200);
  });

  it('passes a chunked body under the limit through whole', async () => {
    const answer = await sendChunked(port, '/api/v1/applications', 16, 16 * 1024);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ received: 16 * 16 * 1024 });
  });

  it('answers 413 to a chunked body over 1 MiB and lets no more than the limit through', async () => {
    const answer = await sendChunked(port, '/api/v1/applications', 64, 64 * 1024); // 4 MiB
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 413, message: 'body larger than 1 MiB' });
    // the upstream request was cut off: whatever reached it stays within the limit
    for (const n of received) expect(n).toBeLessThanOrEqual(MiB);
  });

  it('still answers 413 up front to a declared length over the limit', async () => {
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/applications',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(2 * MiB) },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(413);
  });
});
