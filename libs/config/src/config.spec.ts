import { IsString } from 'class-validator';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BaseConfig,
  ConfigError,
  DEV_CERTIFICATE_SIGNING_KEY,
  DEV_JWT_SECRET,
  DischargePermitHttpConfig,
  DEV_QUEUE_KEY,
  DischargePermitWorkerConfig,
  EiaReviewHttpConfig,
  GatewayConfig,
  IntakeHttpConfig,
  IntakeWorkerConfig,
  loadConfig,
  NotificationWorkerConfig,
  Secret,
  secretsOf,
  SupervisionHttpConfig,
} from './index';

const REAL = 'r'.repeat(32);
const SECRETS: Record<string, string> = {
  JWT_SECRET: `jwt-${REAL}`,
  NATIONAL_EIA_SECRET: `eia-${REAL}`,
  MONITORING_SECRET: `mon-${REAL}`,
  AUDIT_KEY: `aud-${REAL}`,
  QUEUE_KEY: `que-${REAL}`,
};
/** A production environment with real values for exactly the secrets `cls` declares. */
const prodFor = (cls: new () => BaseConfig) => ({
  NODE_ENV: 'production',
  ...Object.fromEntries(
    secretsOf(cls)
      .filter((k) => k in SECRETS)
      .map((k) => [k, SECRETS[k]]),
  ),
});
/** The gateway's production environment: its one secret. */
const PROD = prodFor(GatewayConfig);

/** A config with a secret of its own, as another team's setting would declare it. */
class WithOwnSecret extends BaseConfig {
  @IsString() @Secret() SIGNING_KEY = 'dev-signing-key';
}

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
    expect(loadConfig(GatewayConfig, { DATABASE_POOL_SIZE: '4' }).DATABASE_POOL_SIZE).toBe(4);
    expect(c.serviceUrl('intake')).toBe('http://intake:3101');
  });

  it("finds a worker's ops server by its URL, else on loopback at its port, else nowhere (port 0)", () => {
    const c = loadConfig(GatewayConfig, { INTAKE_WORKER_URL: 'http://intake-worker:3111', EIA_REVIEW_WORKER_PORT: '4112', NOTIFICATION_WORKER_PORT: '0' });
    expect(c.workerUrl('intake')).toBe('http://intake-worker:3111');
    expect(c.workerUrl('eia-review')).toBe('http://127.0.0.1:4112');
    expect(c.workerUrl('notification')).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ CLOCK: 'fast' }, 'CLOCK'],
    [{ CLOCK_START: 'yesterday' }, 'CLOCK_START'],
    [{ RATE_LIMIT_PER_MINUTE: '-1' }, 'RATE_LIMIT_PER_MINUTE'],
  ])('refuses %j with a message naming %s', (env, name) => {
    expect(() => loadConfig(GatewayConfig, env)).toThrow(ConfigError);
    expect(() => loadConfig(GatewayConfig, env)).toThrow(new RegExp(name));
  });

  it('refuses production with the development JWT secret or none', () => {
    expect(() => loadConfig(GatewayConfig, { ...PROD, JWT_SECRET: undefined })).toThrow(/JWT_SECRET must be set/);
    expect(() => loadConfig(GatewayConfig, { ...PROD, JWT_SECRET: DEV_JWT_SECRET })).toThrow(/JWT_SECRET must be set/);
  });

  it.each([
    ['JWT_SECRET', GatewayConfig],
    ['NATIONAL_EIA_SECRET', EiaReviewHttpConfig],
    ['MONITORING_SECRET', SupervisionHttpConfig],
    ['AUDIT_KEY', DischargePermitWorkerConfig],
    ['QUEUE_KEY', NotificationWorkerConfig],
  ] as [string, new () => BaseConfig][])('refuses production with %s missing, at its development default or shorter than 32 bytes', (key, cls) => {
    const prod = prodFor(cls);
    const defaults = new cls() as unknown as Record<string, string>;
    expect(() => loadConfig(cls, { ...prod, [key]: undefined })).toThrow(new RegExp(`${key} must be set`));
    expect(() => loadConfig(cls, { ...prod, [key]: defaults[key] })).toThrow(new RegExp(`${key} must be set`));
    expect(() => loadConfig(cls, { ...prod, [key]: 'x'.repeat(31) })).toThrow(new RegExp(`${key} must be at least 32 bytes`));
    expect(loadConfig(cls, { ...prod, [key]: '密'.repeat(11) })).toBeDefined(); // 33 bytes in UTF-8
  });

  it('applies the same rule to a secret any config class declares', () => {
    expect(secretsOf(WithOwnSecret)).toEqual(['SIGNING_KEY']);
    expect(secretsOf(IntakeHttpConfig).sort()).toEqual(['AUDIT_KEY', 'JWT_SECRET']);
    expect(loadConfig(WithOwnSecret, {}).SIGNING_KEY).toBe('dev-signing-key');
    expect(() => loadConfig(WithOwnSecret, { NODE_ENV: 'production' })).toThrow(/SIGNING_KEY must be set/);
    expect(() => loadConfig(WithOwnSecret, { NODE_ENV: 'production', SIGNING_KEY: 'dev-signing-key' })).toThrow(/SIGNING_KEY must be set/);
    expect(() => loadConfig(WithOwnSecret, { NODE_ENV: 'production', SIGNING_KEY: 'short' })).toThrow(/SIGNING_KEY must be at least 32 bytes/);
    expect(() => loadConfig(SupervisionHttpConfig, { ...prodFor(SupervisionHttpConfig), MONITORING_SECRET: 'short' })).toThrow(
      /MONITORING_SECRET must be at least 32 bytes/,
    );
    expect(() => loadConfig(IntakeHttpConfig, { ...prodFor(IntakeHttpConfig), AUDIT_KEY: 'dev-audit-key-change-me' })).toThrow(/AUDIT_KEY must be set/);
    expect(loadConfig(WithOwnSecret, { NODE_ENV: 'production', SIGNING_KEY: `a-${REAL}` }).SIGNING_KEY).toBe(`a-${REAL}`);
    // a process that does not declare it refuses it in production, like the others' secrets
    expect(() => loadConfig(GatewayConfig, { ...PROD, SIGNING_KEY: `a-${REAL}` })).toThrow(/SIGNING_KEY given to a process that does not use it/);
  });

  it('reads X_FILE as the file holding X, trimmed, and refuses both at once or an unreadable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    const file = join(dir, 'jwt');
    writeFileSync(file, `  file-${REAL}\n`);
    expect(loadConfig(GatewayConfig, { ...PROD, JWT_SECRET: undefined, JWT_SECRET_FILE: file }).JWT_SECRET).toBe(`file-${REAL}`);
    expect(loadConfig(GatewayConfig, { PORT_FILE: (writeFileSync(join(dir, 'port'), '8081\n'), join(dir, 'port')) }).PORT).toBe(8081);
    expect(() => loadConfig(GatewayConfig, { ...PROD, JWT_SECRET_FILE: file })).toThrow(/set JWT_SECRET or JWT_SECRET_FILE, not both/);
    expect(() => loadConfig(GatewayConfig, { ...PROD, JWT_SECRET: undefined, JWT_SECRET_FILE: join(dir, 'missing') })).toThrow(/JWT_SECRET_FILE: cannot read/);
  });

  it('binds internal services to loopback unless BIND_ADDRESS says otherwise', () => {
    expect(loadConfig(GatewayConfig, {}).BIND_ADDRESS).toBe('127.0.0.1');
    expect(loadConfig(GatewayConfig, { BIND_ADDRESS: '0.0.0.0' }).BIND_ADDRESS).toBe('0.0.0.0');
    expect(() => loadConfig(GatewayConfig, { BIND_ADDRESS: 'everywhere' })).toThrow(/BIND_ADDRESS/);
  });

  it('refuses the manual clock in production', () => {
    expect(() => loadConfig(GatewayConfig, { ...PROD, CLOCK: 'manual' })).toThrow(/CLOCK=manual/);
  });

  it('refuses production without a real QUEUE_KEY (also read from QUEUE_KEY_FILE); QUEUE_KEY_PREVIOUS is optional but real when given', () => {
    const WPROD = prodFor(IntakeWorkerConfig);
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    const file = join(dir, 'queue-key');
    writeFileSync(file, `file-${REAL}\n`);
    expect(secretsOf(IntakeWorkerConfig)).toContain('QUEUE_KEY');
    expect(loadConfig(IntakeWorkerConfig, {}).QUEUE_KEY).toBe(DEV_QUEUE_KEY);
    expect(() => loadConfig(IntakeWorkerConfig, { ...WPROD, QUEUE_KEY: undefined })).toThrow(/QUEUE_KEY must be set/);
    expect(() => loadConfig(IntakeWorkerConfig, { ...WPROD, QUEUE_KEY: DEV_QUEUE_KEY })).toThrow(/QUEUE_KEY must be set/);
    expect(() => loadConfig(IntakeWorkerConfig, { ...WPROD, QUEUE_KEY: 'x'.repeat(31) })).toThrow(/QUEUE_KEY must be at least 32 bytes/);
    expect(loadConfig(IntakeWorkerConfig, { ...WPROD, QUEUE_KEY: undefined, QUEUE_KEY_FILE: file }).QUEUE_KEY).toBe(`file-${REAL}`);
    expect(loadConfig(IntakeWorkerConfig, WPROD).QUEUE_KEY_PREVIOUS).toBeUndefined();
    expect(loadConfig(IntakeWorkerConfig, { ...WPROD, QUEUE_KEY_PREVIOUS: `old-${REAL}` }).QUEUE_KEY_PREVIOUS).toBe(`old-${REAL}`);
    expect(() => loadConfig(IntakeWorkerConfig, { ...WPROD, QUEUE_KEY_PREVIOUS: 'short' })).toThrow(
      /QUEUE_KEY_PREVIOUS must be a real secret of at least 32 bytes/,
    );
    expect(() => loadConfig(IntakeWorkerConfig, { ...WPROD, QUEUE_KEY_PREVIOUS: DEV_QUEUE_KEY })).toThrow(/QUEUE_KEY_PREVIOUS must be a real secret/);
    expect(loadConfig(IntakeWorkerConfig, { QUEUE_KEY_PREVIOUS: 'short' }).QUEUE_KEY_PREVIOUS).toBe('short'); // development
  });

  it('accepts production with real secrets', () => {
    expect(loadConfig(GatewayConfig, PROD).NODE_ENV).toBe('production');
  });
});

describe('message retention and retries', () => {
  it('defaults to a week of messages, a 24-hour retry budget, 1 s to 5 min between attempts', () => {
    const c = loadConfig(BaseConfig, {});
    expect(c).toMatchObject({ MESSAGE_RETENTION_HOURS: 168, RETRY_BUDGET_SECONDS: 86_400, RETRY_BASE_MS: 1000, RETRY_CAP_MS: 300_000 });
  });

  it('refuses a retention shorter than the retry budget (a late retry would find no inbox row)', () => {
    expect(() => loadConfig(BaseConfig, { MESSAGE_RETENTION_HOURS: '12', RETRY_BUDGET_SECONDS: '86400' })).toThrow(
      /MESSAGE_RETENTION_HOURS must cover RETRY_BUDGET_SECONDS/,
    );
    expect(() => loadConfig(BaseConfig, { RETRY_BASE_MS: '5000', RETRY_CAP_MS: '1000' })).toThrow(/RETRY_CAP_MS/);
  });
});

describe('the certificate settings (discharge-permit HTTP only)', () => {
  const seed = 'ab'.repeat(32);
  const prod = { ...prodFor(DischargePermitHttpConfig), CERTIFICATE_SIGNING_KEY: seed, PUBLIC_BASE_URL: 'https://permits.example.gov.cn' };

  it('takes an Ed25519 seed in hex or base64, or a PKCS#8 PEM, and refuses anything else', () => {
    expect(loadConfig(DischargePermitHttpConfig, prod).CERTIFICATE_SIGNING_KEY).toBe(seed);
    expect(loadConfig(DischargePermitHttpConfig, { ...prod, CERTIFICATE_SIGNING_KEY: Buffer.alloc(32, 7).toString('base64') })).toBeDefined();
    const pem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIKurq6urq6urq6urq6urq6urq6urq6urq6urq6urq6ur\n-----END PRIVATE KEY-----\n';
    expect(loadConfig(DischargePermitHttpConfig, { ...prod, CERTIFICATE_SIGNING_KEY: pem })).toBeDefined();
    expect(() => loadConfig(DischargePermitHttpConfig, { ...prod, CERTIFICATE_SIGNING_KEY: 'x'.repeat(40) })).toThrow(
      /CERTIFICATE_SIGNING_KEY must be an Ed25519 private key/,
    );
    expect(() => loadConfig(DischargePermitHttpConfig, { ...prod, CERTIFICATE_SIGNING_KEY: DEV_CERTIFICATE_SIGNING_KEY })).toThrow(
      /CERTIFICATE_SIGNING_KEY must be set/,
    );
    expect(() => loadConfig(DischargePermitHttpConfig, { ...prod, CERTIFICATE_SIGNING_KEY: undefined })).toThrow(/CERTIFICATE_SIGNING_KEY must be set/);
  });

  it('needs the public base URL in production (the QR codes point at it), defaults it to the gateway in development', () => {
    expect(() => loadConfig(DischargePermitHttpConfig, { ...prod, PUBLIC_BASE_URL: undefined })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig(DischargePermitHttpConfig, { ...prod, PUBLIC_BASE_URL: 'https://permits.example.gov.cn/' })).toThrow(/trailing slash/);
    expect(loadConfig(DischargePermitHttpConfig, {}).publicBaseUrl()).toBe('http://localhost:3000');
    expect(loadConfig(DischargePermitHttpConfig, { PUBLIC_BASE_URL: 'https://gov.example/permits' }).publicBaseUrl()).toBe('https://gov.example/permits');
  });

  it('is refused by every other process in production (least privilege)', () => {
    expect(() => loadConfig(DischargePermitWorkerConfig, { ...prodFor(DischargePermitWorkerConfig), CERTIFICATE_SIGNING_KEY: seed })).toThrow(
      /CERTIFICATE_SIGNING_KEY given to a process that does not use it/,
    );
    expect(() => loadConfig(GatewayConfig, { ...PROD, CERTIFICATE_SIGNING_KEY_FILE: '/run/secrets/cert' })).toThrow(/CERTIFICATE_SIGNING_KEY_FILE given/);
  });
});
