import 'reflect-metadata';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import {
  BaseConfig,
  ConfigClass,
  GatewayConfig,
  IntSetting,
  ServiceName,
  ServicePortsConfig,
  WithAuditKey,
  WithCertificates,
  WithMonitoring,
  WithNationalEia,
  WithQueueKey,
  WithTokenVerification,
} from './config';

const s3 = (o: IntakeConfig) => o.FILE_STORE === 's3';

/** The intake service: ports and, for uploaded materials, where files are kept. */
export class IntakeConfig extends ServicePortsConfig {
  /** `local`: a directory (FILES_DIR); `s3`: an S3-compatible bucket (S3_*), FILES_DIR then only stages uploads. */
  @IsIn(['local', 's3'], { message: 'FILE_STORE must be local or s3' })
  FILE_STORE: 'local' | 's3' = 'local';

  /** Relative paths resolve against the working directory. */
  @IsString()
  @MinLength(1)
  FILES_DIR = 'var/files';

  /** e.g. https://s3.cn-north-1.amazonaws.com.cn or http://minio:9000; unset: AWS S3 in S3_REGION. */
  @IsOptional()
  @Matches(/^https?:\/\/[^/]+\/?$/, { message: 'S3_ENDPOINT must be an http(s) URL without a path' })
  S3_ENDPOINT?: string;

  @IsString()
  @MinLength(1)
  S3_REGION = 'us-east-1';

  /** `path`: {endpoint}/{bucket}/{key} (MinIO and most S3-compatible stores); `virtual`: {bucket}.{endpoint host}/{key} (AWS's default). */
  @IsIn(['path', 'virtual'], { message: 'S3_ADDRESSING must be path or virtual' })
  S3_ADDRESSING: 'path' | 'virtual' = 'path';

  @ValidateIf(s3)
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a bucket name when FILE_STORE=s3' })
  S3_BUCKET?: string;

  /** Static keys; both unset: the AWS SDK's default credential chain (environment, shared config, web identity, instance or container role). */
  @ValidateIf((o: IntakeConfig) => s3(o) && o.S3_SECRET_ACCESS_KEY !== undefined)
  @IsString({ message: 'S3_ACCESS_KEY_ID must be set with S3_SECRET_ACCESS_KEY' })
  @MinLength(1)
  S3_ACCESS_KEY_ID?: string;

  @ValidateIf((o: IntakeConfig) => s3(o) && o.S3_ACCESS_KEY_ID !== undefined)
  @IsString({ message: 'S3_SECRET_ACCESS_KEY must be set with S3_ACCESS_KEY_ID' })
  @MinLength(1)
  S3_SECRET_ACCESS_KEY?: string;

  /** The session token of temporary credentials (STS), with the two keys above. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  S3_SESSION_TOKEN?: string;

  /** Attempts per S3 request, the first included (standard retry: backoff with jitter on throttling, 5xx and network errors). */
  @IntSetting(1, 10)
  S3_MAX_ATTEMPTS = 3;

  /** What one enterprise may keep uploaded, in bytes (0: no limit); beyond it an upload answers 413. */
  @IntSetting(0)
  FILES_QUOTA_BYTES = 2 * 1024 * 1024 * 1024;

  /** How many files one enterprise may keep uploaded (0: no limit); beyond it an upload answers 413. */
  @IntSetting(0)
  FILES_QUOTA_FILES = 2000;

  /** Hours after which an upload no application of its enterprise refers to is removed (0: never). */
  @IntSetting(0)
  UPLOAD_UNREFERENCED_HOURS = 24;

  /** How often intake's worker sweeps unreferenced uploads, in seconds. */
  @IntSetting(1)
  UPLOAD_SWEEP_SECONDS = 600;

  /** Key prefix inside the bucket, e.g. `materials/`. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9!_.*'()/-]{0,200}$/, { message: "S3_PREFIX may hold letters, digits and !_.*'()/- only" })
  S3_PREFIX?: string;
}

/** The notification service: ports and the e-mail and SMS channels (each off while unset). */
export class NotificationConfig extends ServicePortsConfig {
  /** smtp://user:pass@host:587 or smtps://…:465; unset: no e-mail. */
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  @MaxLength(300)
  @Matches(/^(.*<)?[^\s@<>]+@[^\s@<>]+(>)?$/, { message: 'MAIL_FROM must be an address, optionally "Name <address>"' })
  MAIL_FROM = 'permits@localhost';

  /** The SMS gateway's send endpoint (HTTP POST, JSON); unset: no SMS. */
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'SMS_GATEWAY_URL must be an http(s) URL' })
  SMS_GATEWAY_URL?: string;

  @ValidateIf((o: NotificationConfig) => !!o.SMS_GATEWAY_URL)
  @IsString({ message: 'SMS_API_KEY must be set when SMS_GATEWAY_URL is' })
  @MinLength(1)
  SMS_API_KEY?: string;

  /**
   * Attempts per e-mail or SMS delivery before it becomes a dead letter (capped exponential backoff from
   * 1 s); 0: no count, only the time budget (RETRY_BUDGET_SECONDS) ends the retries.
   */
  @IntSetting(0, 1000)
  NOTIFY_DELIVERY_ATTEMPTS = 0;
}

/** The discharge-permit service: ports and when permit holders are reminded of expiry. */
export class DischargePermitConfig extends ServicePortsConfig {
  /** Days before a permit's expiry on which its holder gets a `permit_expiring` notification. */
  @Matches(/^\d{1,3}(,\d{1,3})*$/, { message: 'PERMIT_REMINDER_DAYS must be a comma-separated list of day counts, e.g. 90,60,30' })
  PERMIT_REMINDER_DAYS = '90,60,30';

  reminderDays(): number[] {
    return [...new Set(this.PERMIT_REMINDER_DAYS.split(',').map(Number))].filter((n) => n > 0).sort((a, b) => b - a);
  }
}

/** The supervision service: the bureau's minimum ratios a "double random" plan may not undercut, and the local rules of penalty cases. */
export class SupervisionConfig extends ServicePortsConfig {
  /** `group=ratio` pairs (groups key, general, positiveList), e.g. key=0.2,general=0.05; a group not named has no minimum. */
  @Matches(/^(key|general|positiveList)=(0(\.\d{1,6})?|1(\.0{1,6})?)(,(key|general|positiveList)=(0(\.\d{1,6})?|1(\.0{1,6})?))*$/, {
    message: 'SUPERVISION_MIN_RATIOS must be group=ratio pairs, groups key, general, positiveList, ratios 0 to 1, e.g. key=0.2,general=0.05',
  })
  SUPERVISION_MIN_RATIOS = 'key=0.2,general=0.05';

  /** A fine of at least this many yuan is a "large amount": the enterprise may ask for a hearing (art. 63). */
  @IntSetting(1)
  HEARING_THRESHOLD_YUAN = 100_000;
}

/*
 * One config class per process: what each process may hold. A process's class names the secrets it uses (through
 * the mixins of config.ts) and no other; its entry point loads exactly this class (scripts/services.ts lists them,
 * and npm start, the test systems, docker-compose.yml and deploy/k8s hand each process only these secrets).
 *
 *   process                    JWT_SECRET  AUDIT_KEY  NATIONAL_EIA_SECRET  MONITORING_SECRET  QUEUE_KEY  CERTIFICATE_SIGNING_KEY
 *   gateway                    x
 *   intake http                x           x
 *   intake worker                          x                                                  x
 *   eia-review http            x           x          x
 *   eia-review worker                      x          x                                       x
 *   discharge-permit http      x           x                                                             x
 *   discharge-permit worker                x                                                  x
 *   notification http          x
 *   notification worker                                                                       x
 *   supervision http           x           x                               x
 *   supervision worker                     x                                                  x
 */
export class IntakeHttpConfig extends WithAuditKey(WithTokenVerification(IntakeConfig)) {}
export class IntakeWorkerConfig extends WithQueueKey(WithAuditKey(IntakeConfig)) {}
export class EiaReviewHttpConfig extends WithNationalEia(WithAuditKey(WithTokenVerification(ServicePortsConfig))) {}
export class EiaReviewWorkerConfig extends WithQueueKey(WithNationalEia(WithAuditKey(ServicePortsConfig))) {}
export class DischargePermitHttpConfig extends WithCertificates(WithAuditKey(WithTokenVerification(ServicePortsConfig))) {}
export class DischargePermitWorkerConfig extends WithQueueKey(WithAuditKey(DischargePermitConfig)) {}
export class NotificationHttpConfig extends WithTokenVerification(NotificationConfig) {}
export class NotificationWorkerConfig extends WithQueueKey(NotificationConfig) {}
export class SupervisionHttpConfig extends WithMonitoring(WithAuditKey(WithTokenVerification(SupervisionConfig))) {}
export class SupervisionWorkerConfig extends WithQueueKey(WithAuditKey(SupervisionConfig)) {}

/** Each service's own connection URL (`<SERVICE>_DATABASE_URL`, its role and password), where a process needs them all. */
export function WithServiceDatabaseUrls<B extends ConfigClass>(Base: B) {
  class ServiceDatabaseUrls extends Base {
    @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'INTAKE_DATABASE_URL must be a postgres:// URL' }) INTAKE_DATABASE_URL?: string;
    @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'EIA_REVIEW_DATABASE_URL must be a postgres:// URL' }) EIA_REVIEW_DATABASE_URL?: string;
    @IsOptional()
    @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DISCHARGE_PERMIT_DATABASE_URL must be a postgres:// URL' })
    DISCHARGE_PERMIT_DATABASE_URL?: string;
    @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'NOTIFICATION_DATABASE_URL must be a postgres:// URL' }) NOTIFICATION_DATABASE_URL?: string;
    @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'SUPERVISION_DATABASE_URL must be a postgres:// URL' }) SUPERVISION_DATABASE_URL?: string;

    /** A service's own connection URL, when the deployment gave it. */
    serviceDatabaseUrl(service: ServiceName): string | undefined {
      return {
        intake: this.INTAKE_DATABASE_URL,
        'eia-review': this.EIA_REVIEW_DATABASE_URL,
        'discharge-permit': this.DISCHARGE_PERMIT_DATABASE_URL,
        notification: this.NOTIFICATION_DATABASE_URL,
        supervision: this.SUPERVISION_DATABASE_URL,
      }[service];
    }
  }
  return ServiceDatabaseUrls;
}

/**
 * The migration runner (scripts/migrate.ts, the migrate job): the admin connection (DATABASE_URL, the owner of the
 * schemas), no application secret. Given a service's own connection (`<SERVICE>_DATABASE_URL`, its role and
 * password), it sets that role's password from it, so a deployment keeps each password in one place.
 */
export class MigrateConfig extends WithServiceDatabaseUrls(BaseConfig) {}

/**
 * `npm start` (scripts/start.ts): the launcher reads the developer's whole environment, every secret included, and
 * hands each child only its own (scripts/services.ts); it also runs the migrations.
 */
export class LauncherConfig extends WithServiceDatabaseUrls(WithCertificates(WithQueueKey(WithMonitoring(WithNationalEia(WithAuditKey(GatewayConfig)))))) {}
