import { Controller, Get, Logger, Module, Req } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Public } from '@permits/auth';
import { BaseConfig, loadConfig, WithTokenVerification } from '@permits/config';
import { REDIS_PREFIX, REDIS_URL } from '../../../test/support/env';
import { bootstrapHttp } from './bootstrap';
import { HttpPlatformModule } from './platform.module';

jest.setTimeout(60_000);

@Controller('whoami')
class WhoAmIController {
  @Public()
  @Get()
  whoami(@Req() req: FastifyRequest) {
    return { ip: req.ip };
  }
}

/** An internal service as bootstrapHttp starts it, answering the client address it believes. */
async function serviceWith(env: Record<string, string>): Promise<{ app: NestFastifyApplication; ipSeenFor: (forwardedFor: string) => Promise<string> }> {
  const config = loadConfig(WithTokenVerification(BaseConfig), { REDIS_URL, REDIS_PREFIX, LOG_LEVEL: 'silent', ...env });
  @Module({ imports: [HttpPlatformModule.forRoot({ service: 'whoami', config, ownHealthAndMetrics: false })], controllers: [WhoAmIController] })
  class WhoAmIModule {}
  const app = await bootstrapHttp(WhoAmIModule, { title: 'whoami', port: 0, config });
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const ipSeenFor = async (forwardedFor: string) =>
    ((await (await fetch(`http://127.0.0.1:${port}/whoami`, { headers: { 'x-forwarded-for': forwardedFor } })).json()) as { ip: string }).ip;
  return { app, ipSeenFor };
}

describe(bootstrapHttp.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('believes no X-Forwarded-For by default, not even from loopback', async () => {
    const { app, ipSeenFor } = await serviceWith({});
    try {
      expect(await ipSeenFor('203.0.113.9')).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    } finally {
      await app.close();
    }
  });

  it('believes X-Forwarded-For from the addresses in TRUSTED_PROXIES (the gateway)', async () => {
    const { app, ipSeenFor } = await serviceWith({ TRUSTED_PROXIES: '127.0.0.1' });
    try {
      expect(await ipSeenFor('203.0.113.9')).toBe('203.0.113.9');
    } finally {
      await app.close();
    }
  });

  it("keeps an idle connection open past Node's default 5 s, so the gateway can reuse it", async () => {
    const { app } = await serviceWith({});
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const port = (app.getHttpServer().address() as AddressInfo).port;
      const sockets = new Set<unknown>();
      const get = () =>
        new Promise<number>((resolve, reject) => {
          const req = http.get({ host: '127.0.0.1', port, path: '/whoami', agent }, (res) => {
            sockets.add(req.socket);
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', reject);
        });
      expect(await get()).toBe(200);
      await new Promise((r) => setTimeout(r, 6_000));
      expect(await get()).toBe(200);
      expect(sockets.size).toBe(1);
    } finally {
      agent.destroy();
      await app.close();
    }
  });
});
