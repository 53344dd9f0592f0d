import { BaseConfig, ConfigError, GatewayConfig, knownSecrets, loadConfig, secretsOf } from './config';
import {
  DischargePermitHttpConfig,
  DischargePermitWorkerConfig,
  EiaReviewHttpConfig,
  EiaReviewWorkerConfig,
  IntakeConfig,
  IntakeHttpConfig,
  IntakeWorkerConfig,
  LauncherConfig,
  MigrateConfig,
  NotificationConfig,
  NotificationHttpConfig,
  NotificationWorkerConfig,
  SupervisionHttpConfig,
  SupervisionWorkerConfig,
} from './service-config';

describe(IntakeConfig.name, () => {
  it('stores files on local disk under var/files by default', () => {
    const c = loadConfig(IntakeConfig, {});
    expect(c.FILE_STORE).toBe('local');
    expect(c.FILES_DIR).toBe('var/files');
  });

  it('needs the bucket when FILE_STORE=s3, and both keys or neither (then the AWS default credential chain)', () => {
    expect(() => loadConfig(IntakeConfig, { FILE_STORE: 's3' })).toThrow(ConfigError);
    expect(() => loadConfig(IntakeConfig, { FILE_STORE: 's3' })).toThrow(/S3_BUCKET/);
    const c = loadConfig(IntakeConfig, {
      FILE_STORE: 's3',
      S3_ENDPOINT: 'http://minio:9000',
      S3_BUCKET: 'materials',
      S3_ACCESS_KEY_ID: 'k',
      S3_SECRET_ACCESS_KEY: 's',
    });
    expect(c.S3_BUCKET).toBe('materials');
    expect(c.S3_ADDRESSING).toBe('path');
    expect(c.S3_MAX_ATTEMPTS).toBe(3);
    expect(loadConfig(IntakeConfig, { FILE_STORE: 's3', S3_BUCKET: 'materials', S3_ADDRESSING: 'virtual' }).S3_ENDPOINT).toBeUndefined();
    expect(() => loadConfig(IntakeConfig, { FILE_STORE: 's3', S3_BUCKET: 'materials', S3_ACCESS_KEY_ID: 'k' })).toThrow(
      /S3_SECRET_ACCESS_KEY must be set with S3_ACCESS_KEY_ID/,
    );
    expect(() => loadConfig(IntakeConfig, { FILE_STORE: 's3', S3_BUCKET: 'materials', S3_ADDRESSING: 'dns' })).toThrow(/S3_ADDRESSING/);
    expect(() => loadConfig(IntakeConfig, { FILE_STORE: 'ftp' })).toThrow(/FILE_STORE/);
  });
});

describe(NotificationConfig.name, () => {
  it('leaves e-mail and SMS off by default and retries deliveries by the time budget, not a count', () => {
    const c = loadConfig(NotificationConfig, {});
    expect(c.SMTP_URL).toBeUndefined();
    expect(c.SMS_GATEWAY_URL).toBeUndefined();
    expect(c.NOTIFY_DELIVERY_ATTEMPTS).toBe(0);
  });

  it.each([
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ MAIL_FROM: 'not an address' }, 'MAIL_FROM'],
    [{ SMS_GATEWAY_URL: 'https://sms.example/send' }, 'SMS_API_KEY'],
    [{ NOTIFY_DELIVERY_ATTEMPTS: '-1' }, 'NOTIFY_DELIVERY_ATTEMPTS'],
    [{ NOTIFY_DELIVERY_ATTEMPTS: '1001' }, 'NOTIFY_DELIVERY_ATTEMPTS'],
  ])('refuses %j naming %s', (env, name) => {
    expect(() => loadConfig(NotificationConfig, env)).toThrow(new RegExp(name));
  });

  it('reads the SMTP and SMS settings', () => {
    const c = loadConfig(NotificationConfig, {
      SMTP_URL: 'smtp://u:p@mail:587',
      MAIL_FROM: '生态环境局 <noreply@bureau.gov.cn>',
      SMS_GATEWAY_URL: 'https://sms.example/send',
      SMS_API_KEY: 'k',
      NOTIFY_DELIVERY_ATTEMPTS: '3',
    });
    expect(c).toMatchObject({ SMTP_URL: 'smtp://u:p@mail:587', SMS_API_KEY: 'k', NOTIFY_DELIVERY_ATTEMPTS: 3 });
  });
});

describe('each process holds only the secrets it uses', () => {
  const REAL = 'r'.repeat(40);
  const PROCESS_SECRETS: [string, new () => BaseConfig, string[]][] = [
    ['gateway', GatewayConfig, ['JWT_SECRET']],
    ['intake http', IntakeHttpConfig, ['AUDIT_KEY', 'JWT_SECRET']],
    ['intake worker', IntakeWorkerConfig, ['AUDIT_KEY', 'QUEUE_KEY']],
    ['eia-review http', EiaReviewHttpConfig, ['AUDIT_KEY', 'JWT_SECRET', 'NATIONAL_EIA_SECRET']],
    ['eia-review worker', EiaReviewWorkerConfig, ['AUDIT_KEY', 'NATIONAL_EIA_SECRET', 'QUEUE_KEY']],
    ['discharge-permit http', DischargePermitHttpConfig, ['AUDIT_KEY', 'CERTIFICATE_SIGNING_KEY', 'JWT_SECRET']],
    ['discharge-permit worker', DischargePermitWorkerConfig, ['AUDIT_KEY', 'QUEUE_KEY']],
    ['notification http', NotificationHttpConfig, ['JWT_SECRET']],
    ['notification worker', NotificationWorkerConfig, ['QUEUE_KEY']],
    ['supervision http', SupervisionHttpConfig, ['AUDIT_KEY', 'JWT_SECRET', 'MONITORING_SECRET']],
    ['supervision worker', SupervisionWorkerConfig, ['AUDIT_KEY', 'QUEUE_KEY']],
    ['migration runner', MigrateConfig, []],
  ];
  const ALL = ['AUDIT_KEY', 'CERTIFICATE_SIGNING_KEY', 'JWT_SECRET', 'MONITORING_SECRET', 'NATIONAL_EIA_SECRET', 'QUEUE_KEY'];
  // the certificate signing key has a form (an Ed25519 seed, here in hex), the others only a length; production also needs the public address
  const value = (k: string) => (k === 'CERTIFICATE_SIGNING_KEY' ? 'ab'.repeat(32) : `${k}-${REAL}`);
  const own = (secrets: string[]) => ({ PUBLIC_BASE_URL: 'https://permits.example.gov.cn', ...Object.fromEntries(secrets.map((k) => [k, value(k)])) });

  it.each(PROCESS_SECRETS)('%s declares exactly its secrets and starts in production with them', (_, cls, secrets) => {
    expect(secretsOf(cls).sort()).toEqual(secrets);
    expect(knownSecrets()).toEqual(expect.arrayContaining(ALL));
    expect(loadConfig(cls, { NODE_ENV: 'production', ...own(secrets) }).NODE_ENV).toBe('production');
  });

  it.each(PROCESS_SECRETS)('%s refuses, in production, every other secret it is handed (X or X_FILE), naming it', (_, cls, secrets) => {
    for (const foreign of ALL.filter((k) => !secrets.includes(k))) {
      expect(() => loadConfig(cls, { NODE_ENV: 'production', ...own(secrets), [foreign]: value(foreign) })).toThrow(
        new RegExp(`${foreign} given to a process that does not use it`),
      );
      expect(() => loadConfig(cls, { NODE_ENV: 'production', ...own(secrets), [`${foreign}_FILE`]: '/run/secrets/x' })).toThrow(
        new RegExp(`${foreign}_FILE given to a process that does not use it`),
      );
    }
  });

  it.each(PROCESS_SECRETS)("%s never reads another process's secret, even in development where it is not refused", (_, cls, secrets) => {
    const c = loadConfig(cls, own(ALL)) as unknown as Record<string, unknown>;
    for (const k of ALL) expect({ k, has: k in c }).toEqual({ k, has: secrets.includes(k) });
  });

  it('the launcher of npm start reads every secret, to hand each process its own', () => {
    expect(secretsOf(LauncherConfig).sort()).toEqual(ALL);
  });
});
