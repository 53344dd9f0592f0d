import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { freePort } from '../scripts/local-system';
import { JWT_SECRET } from './support/system';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { hs256Key } from '../libs/auth/src/jwt';
import { TokenVerifier } from '../libs/auth/src/verifier';
import { DEV_JWT_SECRET } from '../libs/config/src/config';
import { DIST } from './support/env';
import { RunningSystem } from './support/system';
import { anApplicant } from './support/users';

jest.setTimeout(300_000); // the system boots in this time too, on a loaded machine

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

/** Runs a built entry point to its exit; the timeout only stops a hang (a loaded machine can take a minute to load Nest). */
function runEntry(entry: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [join(DIST, entry)], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 120_000 });
}

describe('operations', () => {
  it('refuses to start in production with the development JWT secret, in one line naming it', () => {
    const r = runEntry('apps/intake/src/main.js', { NODE_ENV: 'production', NATIONAL_EIA_SECRET: 'x' });
    expect(r.status).toBe(78);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('JWT_SECRET');
  });

  const REAL = {
    JWT_SECRET: 'j'.repeat(40),
    AUDIT_KEY: 'a'.repeat(40),
    NATIONAL_EIA_SECRET: 'n'.repeat(40),
    MONITORING_SECRET: 'm'.repeat(40),
    QUEUE_KEY: 'q'.repeat(40),
  };
  it.each([
    [
      'the development national EIA secret',
      'apps/eia-review/src/main.js',
      { JWT_SECRET: REAL.JWT_SECRET, AUDIT_KEY: REAL.AUDIT_KEY },
      'NATIONAL_EIA_SECRET must be set',
    ],
    [
      'the development national EIA secret',
      'apps/eia-review/src/worker.js',
      { AUDIT_KEY: REAL.AUDIT_KEY, QUEUE_KEY: REAL.QUEUE_KEY },
      'NATIONAL_EIA_SECRET must be set',
    ],
    ['a JWT secret shorter than 32 bytes', 'apps/gateway/src/main.js', { JWT_SECRET: 'short-but-not-default' }, 'JWT_SECRET must be at least 32 bytes'],
    ['a JWT secret shorter than 32 bytes', 'apps/notification/src/main.js', { JWT_SECRET: 'short-but-not-default' }, 'JWT_SECRET must be at least 32 bytes'],
    ['the development audit key', 'apps/supervision/src/worker.js', { QUEUE_KEY: REAL.QUEUE_KEY }, 'AUDIT_KEY must be set'],
    // least privilege: a process handed a secret it does not use refuses it
    [
      'the national EIA secret given to the gateway',
      'apps/gateway/src/main.js',
      { JWT_SECRET: REAL.JWT_SECRET, NATIONAL_EIA_SECRET: REAL.NATIONAL_EIA_SECRET },
      'NATIONAL_EIA_SECRET given to a process that does not use it',
    ],
    [
      'the audit key given to the gateway (as a file)',
      'apps/gateway/src/main.js',
      { JWT_SECRET: REAL.JWT_SECRET, AUDIT_KEY_FILE: '/dev/null' },
      'AUDIT_KEY_FILE given to a process that does not use it',
    ],
    [
      'the monitoring secret given to eia-review',
      'apps/eia-review/src/main.js',
      { ...REAL, QUEUE_KEY: undefined, MONITORING_SECRET: REAL.MONITORING_SECRET },
      'MONITORING_SECRET given to a process that does not use it',
    ],
    [
      'the JWT secret given to a worker',
      'apps/notification/src/worker.js',
      { QUEUE_KEY: REAL.QUEUE_KEY, JWT_SECRET: REAL.JWT_SECRET },
      'JWT_SECRET given to a process that does not use it',
    ],
    [
      'the audit key given to notification',
      'apps/notification/src/main.js',
      { JWT_SECRET: REAL.JWT_SECRET, AUDIT_KEY: REAL.AUDIT_KEY },
      'AUDIT_KEY given to a process that does not use it',
    ],
  ])('refuses to start in production with %s (%s)', (_, entry, env, message) => {
    const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const r = runEntry(entry, { NODE_ENV: 'production', ...given });
    expect({ entry, status: r.status }).toEqual({ entry, status: 78 });
    expect(r.stderr).toContain(message);
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
    const r = runEntry('scripts/migrate.js', {
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/permits_test',
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Redis does not answer at 127.0.0.1:1');
  });

  describe('npm run token', () => {
    const token = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [join(DIST, 'scripts/token.js'), ...args], {
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });

    it('prints a token signed with JWT_SECRET that the API accepts for the role and department asked', async () => {
      const r = token(['--role', 'officer', '--dept', 'eia'], { JWT_SECRET: 'a-secret-for-this-test' });
      expect(r.status).toBe(0);
      const printed = r.stdout.trim();
      await expect(new TokenVerifier({ JWT_SECRET: 'a-secret-for-this-test' }).verify(printed)).resolves.toMatchObject({ roles: ['officer'], dept: 'eia' });
      await expect(new TokenVerifier({ JWT_SECRET: 'another-secret' }).verify(printed)).rejects.toThrow('invalid token');
      const applicant = token(['--role', 'applicant']);
      expect(applicant.status).toBe(0);
      await expect(new TokenVerifier({ JWT_SECRET: DEV_JWT_SECRET }).verify(applicant.stdout.trim())).resolves.toMatchObject({
        roles: ['applicant'],
        creditCode: expect.any(String),
      });
    });

    it('refuses in production, and names what is wrong with a request', () => {
      const prod = token(['--role', 'admin'], { NODE_ENV: 'production', JWT_SECRET: 'a-real-production-secret' });
      expect(prod.status).toBe(2);
      expect(prod.stdout).toBe('');
      expect(prod.stderr).toContain('NODE_ENV=production');
      expect(token(['--role', 'officer']).stderr).toContain('--dept is required');
      expect(token(['--role', 'wizard']).stderr).toContain('unknown role wizard');
      expect(token(['--role', 'officer', '--dept', 'moon']).status).toBe(2);
    });
  });

  describe("with a rate limit of 5 a minute and the identity provider's JWKS", () => {
    let sys: RunningSystem;
    let jwks: Server;
    let second: ChildProcess | undefined;
    const keys = { rs: generateKeyPair('RS256'), es: generateKeyPair('ES256'), stranger: generateKeyPair('RS256') };
    const idp = async (alg: 'RS256' | 'ES256', claims: Record<string, unknown>, o: { exp?: boolean; key?: 'stranger' } = {}) => {
      const { privateKey } = await (o.key ? keys.stranger : alg === 'RS256' ? keys.rs : keys.es);
      let t = new SignJWT(claims)
        .setProtectedHeader({ alg, kid: o.key ?? alg })
        .setSubject(String(claims.sub))
        .setIssuedAt();
      if (o.exp !== false) t = t.setExpirationTime('10m');
      return `Bearer ${await t.sign(privateKey)}`;
    };

    beforeAll(async () => {
      const set = {
        keys: [
          { ...(await exportJWK((await keys.rs).publicKey)), kid: 'RS256', alg: 'RS256' },
          { ...(await exportJWK((await keys.es).publicKey)), kid: 'ES256', alg: 'ES256' },
        ],
      };
      jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(set)));
      const port = await freePort();
      await new Promise<void>((r) => jwks.listen(port, '127.0.0.1', r));
      sys = await RunningSystem.start({ label: 'ratelimit', env: { RATE_LIMIT_PER_MINUTE: '5', JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json` } });
    });
    afterAll(async () => {
      second?.kill('SIGTERM');
      await sys?.stop();
      await new Promise((r) => jwks?.close(r));
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

    it("accepts RS256 and ES256 tokens of the JWKS, and refuses a stranger's key and tokens without exp", async () => {
      const a = anApplicant();
      const claims = { sub: a.id, name: a.name, roles: ['applicant'], creditCode: a.creditCode };
      await sys
        .http()
        .get('/api/v1/applications')
        .set('Authorization', await idp('RS256', claims))
        .expect(200);
      await sys
        .http()
        .get('/api/v1/notifications')
        .set('Authorization', await idp('ES256', claims))
        .expect(200);
      const stranger = await sys
        .http()
        .get('/api/v1/applications')
        .set('Authorization', await idp('RS256', claims, { key: 'stranger' }));
      expect(stranger.status).toBe(401);
      const noExp = await sys
        .http()
        .get('/api/v1/applications')
        .set('Authorization', await idp('ES256', claims, { exp: false }));
      expect(noExp.status).toBe(401);
      const hsNoExp = `Bearer ${await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().sign(hs256Key(JWT_SECRET))}`;
      const res = await sys.http().get('/api/v1/applications').set('Authorization', hsNoExp);
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('token has no exp');
    });

    it('counts a client without a token by its address, whatever X-Forwarded-For it claims', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push(
          (
            await sys
              .http()
              .get('/api/v1/catalog/items')
              .set('X-Forwarded-For', `203.0.113.${i + 1}`)
          ).status,
        );
      expect(statuses[5]).toBe(429);
    });

    it('asks the services for their health at most once a second however often /health is asked', async () => {
      const intake = `http://127.0.0.1:${sys.env.INTAKE_PORT}`;
      const healthCount = async () =>
        (await (await fetch(`${intake}/metrics`)).text())
          .split('\n')
          .filter((l) => l.startsWith('http_request_duration_seconds_count') && l.includes('route="/health"'))
          .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
      const before = await healthCount();
      await Promise.all(Array.from({ length: 40 }, () => sys.http().get('/health').expect(200)));
      await Promise.all(Array.from({ length: 20 }, () => sys.http().get('/metrics').expect(200)));
      expect((await healthCount()) - before).toBeLessThanOrEqual(3);
    });

    it('shares the rate limit between two gateways of one deployment (counters in Redis)', async () => {
      const port = await freePort();
      second = spawn(process.execPath, [join(DIST, 'apps/gateway/src/main.js')], {
        env: { PATH: process.env.PATH ?? '', ...sys.env, PORT: String(port) },
        stdio: 'ignore',
      });
      const url = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        const ok = await fetch(`${url}/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        if (i > 300) throw new Error('the second gateway did not start');
        await new Promise((r) => setTimeout(r, 200));
      }
      const c = anApplicant();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await fetch(`${i % 2 === 0 ? sys.url : url}/api/v1/catalog/items`, { headers: { authorization: c.auth } })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
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
