import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { verifyToken } from '../libs/auth/src/jwt';
import { DEV_JWT_SECRET } from '../libs/config/src/config';
import { DIST } from './support/env';
import { RunningSystem } from './support/system';
import { anApplicant } from './support/users';

jest.setTimeout(60_000);

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

  describe('npm run token', () => {
    const token = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [join(DIST, 'scripts/token.js'), ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });

    it('prints a token signed with JWT_SECRET that the API accepts for the role and department asked', () => {
      const r = token(['--role', 'officer', '--dept', 'eia'], { JWT_SECRET: 'a-secret-for-this-test' });
      expect(r.status).toBe(0);
      const printed = r.stdout.trim();
      expect(verifyToken(printed, 'a-secret-for-this-test')).toMatchObject({ roles: ['officer'], dept: 'eia' });
      expect(() => verifyToken(printed, 'another-secret')).toThrow();
      const applicant = token(['--role', 'applicant']);
      expect(applicant.status).toBe(0);
      expect(verifyToken(applicant.stdout.trim(), DEV_JWT_SECRET)).toMatchObject({ roles: ['applicant'], creditCode: expect.any(String) });
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
