import { BaseConfig, ConfigError, DEV_JWT_SECRET, GatewayConfig, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig(GatewayConfig, {});
    expect(c.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/permits');
    expect(c.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(c.PORT).toBe(3000);
    expect(c.RATE_LIMIT_PER_MINUTE).toBe(600);
    expect(c.serviceUrl('intake')).toBe('http://127.0.0.1:3101');
  });

  it('reads and converts values from the environment', () => {
    const c = loadConfig(GatewayConfig, { PORT: '8080', RATE_LIMIT_PER_MINUTE: '0', INTAKE_URL: 'http://intake:3101' });
    expect(c.PORT).toBe(8080);
    expect(c.RATE_LIMIT_PER_MINUTE).toBe(0);
    expect(c.serviceUrl('intake')).toBe('http://intake:3101');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ CLOCK: 'fast' }, 'CLOCK'],
    [{ CLOCK_START: 'yesterday' }, 'CLOCK_START'],
    [{ RATE_LIMIT_PER_MINUTE: '-1' }, 'RATE_LIMIT_PER_MINUTE'],
  ])('refuses %j with a message naming %s', (env, name) => {
    expect(() => loadConfig(GatewayConfig, env)).toThrow(ConfigError);
    expect(() => loadConfig(GatewayConfig, env)).toThrow(new RegExp(name));
  });

  it('refuses production with the development JWT secret or none', () => {
    expect(() => loadConfig(GatewayConfig, { NODE_ENV: 'production', NATIONAL_EIA_SECRET: 'x' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig(GatewayConfig, { NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET, NATIONAL_EIA_SECRET: 'x' })).toThrow(/JWT_SECRET/);
  });

  it('refuses the manual clock in production', () => {
    expect(() => loadConfig(GatewayConfig, { NODE_ENV: 'production', JWT_SECRET: 'a-real-secret-value', NATIONAL_EIA_SECRET: 'x', CLOCK: 'manual' })).toThrow(/CLOCK=manual/);
  });

  it('accepts production with a real secret', () => {
    expect(loadConfig(GatewayConfig, { NODE_ENV: 'production', JWT_SECRET: 'a-real-secret-value', NATIONAL_EIA_SECRET: 'x', MONITORING_SECRET: 'y' }).NODE_ENV).toBe('production');
  });
});

describe('message retention and retries', () => {
  it('defaults to a week of messages, a 24-hour retry budget, 1 s to 5 min between attempts', () => {
    const c = loadConfig(BaseConfig, {});
    expect(c).toMatchObject({ MESSAGE_RETENTION_HOURS: 168, RETRY_BUDGET_SECONDS: 86_400, RETRY_BASE_MS: 1000, RETRY_CAP_MS: 300_000 });
  });

  it('refuses a retention shorter than the retry budget (a late retry would find no inbox row)', () => {
    expect(() => loadConfig(BaseConfig, { MESSAGE_RETENTION_HOURS: '12', RETRY_BUDGET_SECONDS: '86400' })).toThrow(/MESSAGE_RETENTION_HOURS must cover RETRY_BUDGET_SECONDS/);
    expect(() => loadConfig(BaseConfig, { RETRY_BASE_MS: '5000', RETRY_CAP_MS: '1000' })).toThrow(/RETRY_CAP_MS/);
  });
});
