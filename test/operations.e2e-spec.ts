import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { DIST } from './support/env';
import { RunningSystem } from './support/system';
import { anApplicant } from './support/users';

jest.setTimeout(60_000);

/** The local addresses (hex, as /proc/net/tcp{,6} writes them) listening on `port`. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.trim().split(/\s+/))
      .filter((c) => c[3] === '0A' && c[1]?.endsWith(`:${hexPort}`))
      .map((c) => c[1].split(':')[0]),
  );
}

function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: 3000 });
    s.once('connect', () => (s.destroy(), resolve('connected')));
    s.once('timeout', () => (s.destroy(), resolve('timeout')));
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });
}

function runEntry(entry: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [join(DIST, entry)], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
}

describe('operations', () => {
  it('refuses to start in production with the development JWT secret, in one line naming it', () => {
    const r = runEntry('apps/intake/src/main.js', { NODE_ENV: 'production', NATIONAL_EIA_SECRET: 'x' });
    expect(r.status).toBe(78);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('JWT_SECRET');
  });

  it.each([
    ['the development national EIA secret', { JWT_SECRET: 'j'.repeat(40) }, 'NATIONAL_EIA_SECRET must be set'],
    ['a JWT secret shorter than 32 bytes', { JWT_SECRET: 'short-but-not-default', NATIONAL_EIA_SECRET: 'n'.repeat(40) }, 'JWT_SECRET must be at least 32 bytes'],
  ])('refuses to start in production with %s', (_, env, message) => {
    for (const entry of ['apps/eia-review/src/main.js', 'apps/gateway/src/main.js', 'apps/notification/src/worker.js']) {
      const r = runEntry(entry, { NODE_ENV: 'production', ...env });
      expect({ entry, status: r.status }).toEqual({ entry, status: 78 });
      expect(r.stderr).toContain(message);
    }
  });

  it('stops with one clear line naming a bad setting', () => {
    const r = runEntry('apps/gateway/src/main.js', { PORT: 'eighty' });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/^Invalid configuration: PORT/);
  });

  it('says what to start when PostgreSQL does not answer', () => {
    const r = runEntry('scripts/migrate.js', { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PostgreSQL does not answer at 127.0.0.1:1');
  });

  it('says what to start when Redis does not answer', () => {
    const r = runEntry('scripts/migrate.js', { DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/permits_test', REDIS_URL: 'redis://127.0.0.1:1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Redis does not answer at 127.0.0.1:1');
  });

  describe('with a rate limit of 5 a minute', () => {
    let sys: RunningSystem;
    beforeAll(async () => {
      sys = await RunningSystem.start({ label: 'ratelimit', env: { RATE_LIMIT_PER_MINUTE: '5' } });
    });
    afterAll(async () => {
      await sys?.stop();
    });

    it('answers 429 to the sixth request of a client, and not to another client', async () => {
      const a = anApplicant();
      const b = anApplicant();
      for (let i = 0; i < 5; i++) await sys.http().get('/api/v1/catalog/items').set('Authorization', a.auth).expect(200);
      const res = await sys.http().get('/api/v1/catalog/items').set('Authorization', a.auth).expect(429);
      expect(res.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      await sys.http().get('/api/v1/catalog/items').set('Authorization', b.auth).expect(200);
      await sys.http().get('/health').expect(200); // not counted
    });

    it('has the internal services listen on loopback only, unreachable on any other address', async () => {
      for (const key of ['INTAKE_PORT', 'EIA_REVIEW_PORT', 'DISCHARGE_PERMIT_PORT', 'NOTIFICATION_PORT']) {
        const port = Number(sys.env[key]);
        expect({ key, addresses: listeningAddresses(port) }).toEqual({ key, addresses: ['0100007F'] }); // 127.0.0.1
        const others = Object.values(networkInterfaces())
          .flat()
          .filter((a) => a && a.family === 'IPv4' && !a.internal)
          .map((a) => a!.address);
        for (const address of others) expect({ address, result: await tryConnect(address, port) }).toEqual({ address, result: 'ECONNREFUSED' });
      }
    });

    it('stops a service gracefully on SIGTERM', async () => {
      const child = sys.processOf('apps/notification/src/main.js');
      expect(child).toBeDefined();
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child!.once('exit', (code, signal) => resolve({ code, signal })));
      child!.kill('SIGTERM');
      // Nest closes the app (drains HTTP, closes pools), then re-raises the signal to exit
      expect(await exited).toEqual(expect.objectContaining({ code: null, signal: 'SIGTERM' }));
    });
  });
});
