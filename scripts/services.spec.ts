import { knownSecrets, secretsOf } from '@permits/config';
import { PROCESSES, processEnv } from './services';

const ALL_SECRETS = Object.fromEntries(knownSecrets().map((k) => [k, `${k}-value`]));
const ENV = {
  PATH: '/usr/bin',
  NODE_ENV: 'development',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/permits',
  DATABASE_READ_URL: 'postgres://postgres@replica:5432/permits',
  REDIS_URL: 'redis://127.0.0.1:6379',
  INTAKE_DATABASE_URL: 'postgres://permits_intake:pw@db:5432/permits',
  SUPERVISION_DATABASE_URL: 'postgres://permits_supervision:pw@db:5432/permits',
  AUDIT_KEY_FILE: '/run/secrets/audit',
  ...ALL_SECRETS,
};
const byName = (name: string) => PROCESSES.find((p) => p.name === name) as (typeof PROCESSES)[number];

describe('processEnv', () => {
  it.each(PROCESSES.map((p) => [p.name]))('hands %s exactly its own secrets (X and X_FILE), nothing of the others', (name) => {
    const p = byName(name);
    const env = processEnv(p, ENV);
    const own = secretsOf(p.config);
    expect(
      knownSecrets()
        .filter((k) => k in env)
        .sort(),
    ).toEqual([...own].sort());
    expect({ name, auditFile: 'AUDIT_KEY_FILE' in env }).toEqual({ name, auditFile: own.includes('AUDIT_KEY') });
    expect(env.PATH).toBe('/usr/bin');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it("gives a service its own database URL when the launcher has one, and no other service's", () => {
    expect(processEnv(byName('intake-http'), ENV).DATABASE_URL).toBe(ENV.INTAKE_DATABASE_URL);
    expect(processEnv(byName('supervision-worker'), ENV).DATABASE_URL).toBe(ENV.SUPERVISION_DATABASE_URL);
    // none given: the shared URL (a trust-auth superuser in development; the service acts as its role)
    expect(processEnv(byName('eia-review-http'), ENV).DATABASE_URL).toBe(ENV.DATABASE_URL);
    for (const p of PROCESSES) expect(Object.keys(processEnv(p, ENV)).filter((k) => /_DATABASE_URL$/.test(k))).toEqual([]);
  });

  it('gives the gateway no database at all', () => {
    const env = processEnv(byName('gateway'), ENV);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATABASE_READ_URL).toBeUndefined();
    expect(env.JWT_SECRET).toBe('JWT_SECRET-value');
  });
});
