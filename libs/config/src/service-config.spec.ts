import { ConfigError, loadConfig } from './config';
import { IntakeConfig, NotificationConfig } from './service-config';

describe(IntakeConfig.name, () => {
  it('stores files on local disk under var/files by default', () => {
    const c = loadConfig(IntakeConfig, {});
    expect(c.FILE_STORE).toBe('local');
    expect(c.FILES_DIR).toBe('var/files');
  });

  it('needs the bucket when FILE_STORE=s3, and both keys or neither (then the AWS default credential chain)', () => {
    expect(() => loadConfig(IntakeConfig, { FILE_STORE: 's3' })).toThrow(ConfigError);
    expect(() => loadConfig(IntakeConfig, { FILE_STORE: 's3' })).toThrow(/S3_BUCKET/);
    const c = loadConfig(IntakeConfig, { FILE_STORE: 's3', S3_ENDPOINT: 'http://minio:9000', S3_BUCKET: 'materials', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' });
    expect(c.S3_BUCKET).toBe('materials');
    expect(c.S3_ADDRESSING).toBe('path');
    expect(c.S3_MAX_ATTEMPTS).toBe(3);
    expect(loadConfig(IntakeConfig, { FILE_STORE: 's3', S3_BUCKET: 'materials', S3_ADDRESSING: 'virtual' }).S3_ENDPOINT).toBeUndefined();
    expect(() => loadConfig(IntakeConfig, { FILE_STORE: 's3', S3_BUCKET: 'materials', S3_ACCESS_KEY_ID: 'k' })).toThrow(/S3_SECRET_ACCESS_KEY must be set with S3_ACCESS_KEY_ID/);
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
    const c = loadConfig(NotificationConfig, { SMTP_URL: 'smtp://u:p@mail:587', MAIL_FROM: '生态环境局 <noreply@bureau.gov.cn>', SMS_GATEWAY_URL: 'https://sms.example/send', SMS_API_KEY: 'k', NOTIFY_DELIVERY_ATTEMPTS: '3' });
    expect(c).toMatchObject({ SMTP_URL: 'smtp://u:p@mail:587', SMS_API_KEY: 'k', NOTIFY_DELIVERY_ATTEMPTS: 3 });
  });
});
