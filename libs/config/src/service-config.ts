import 'reflect-metadata';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { ServicePortsConfig } from './config';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const s3 = (o: IntakeConfig) => o.FILE_STORE === 's3';

/** The intake service: ports and, for uploaded materials, where files are kept. */
export class IntakeConfig extends ServicePortsConfig {
  /** `local`: a directory (FILES_DIR); `s3`: an S3-compatible bucket (S3_*), FILES_DIR then only stages uploads. */
  @IsIn(['local', 's3'], { message: 'FILE_STORE must be local or s3' })
  FILE_STORE: 'local' | 's3' = 'local';

  /** Relative paths resolve against the working directory. */
  @IsString() @MinLength(1)
  FILES_DIR = 'var/files';

  /** e.g. https://s3.cn-north-1.amazonaws.com.cn or http://minio:9000; unset: AWS S3 in S3_REGION. */
  @IsOptional() @Matches(/^https?:\/\/[^/]+\/?$/, { message: 'S3_ENDPOINT must be an http(s) URL without a path' })
  S3_ENDPOINT?: string;

  @IsString() @MinLength(1)
  S3_REGION = 'us-east-1';

  /** `path`: {endpoint}/{bucket}/{key} (MinIO and most S3-compatible stores); `virtual`: {bucket}.{endpoint host}/{key} (AWS's default). */
  @IsIn(['path', 'virtual'], { message: 'S3_ADDRESSING must be path or virtual' })
  S3_ADDRESSING: 'path' | 'virtual' = 'path';

  @ValidateIf(s3) @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a bucket name when FILE_STORE=s3' })
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
  @IsOptional() @IsString() @MinLength(1)
  S3_SESSION_TOKEN?: string;

  /** Attempts per S3 request, the first included (standard retry: backoff with jitter on throttling, 5xx and network errors). */
  @Transform(toInt) @IsInt() @Min(1) @Max(10)
  S3_MAX_ATTEMPTS = 3;

  /** What one enterprise may keep uploaded, in bytes (0: no limit); beyond it an upload answers 413. */
  @Transform(toInt) @IsInt() @Min(0)
  FILES_QUOTA_BYTES = 2 * 1024 * 1024 * 1024;

  /** How many files one enterprise may keep uploaded (0: no limit); beyond it an upload answers 413. */
  @Transform(toInt) @IsInt() @Min(0)
  FILES_QUOTA_FILES = 2000;

  /** Hours after which an upload no application of its enterprise refers to is removed (0: never). */
  @Transform(toInt) @IsInt() @Min(0)
  UPLOAD_UNREFERENCED_HOURS = 24;

  /** How often intake's worker sweeps unreferenced uploads, in seconds. */
  @Transform(toInt) @IsInt() @Min(1)
  UPLOAD_SWEEP_SECONDS = 600;

  /** Key prefix inside the bucket, e.g. `materials/`. */
  @IsOptional() @Matches(/^[A-Za-z0-9!_.*'()/-]{0,200}$/, { message: 'S3_PREFIX may hold letters, digits and !_.*\'()/- only' })
  S3_PREFIX?: string;
}

/** The notification service: ports and the e-mail and SMS channels (each off while unset). */
export class NotificationConfig extends ServicePortsConfig {
  /** smtp://user:pass@host:587 or smtps://…:465; unset: no e-mail. */
  @IsOptional() @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString() @MaxLength(300) @Matches(/^(.*<)?[^\s@<>]+@[^\s@<>]+(>)?$/, { message: 'MAIL_FROM must be an address, optionally "Name <address>"' })
  MAIL_FROM = 'permits@localhost';

  /** The SMS gateway's send endpoint (HTTP POST, JSON); unset: no SMS. */
  @IsOptional() @Matches(/^https?:\/\/.+/, { message: 'SMS_GATEWAY_URL must be an http(s) URL' })
  SMS_GATEWAY_URL?: string;

  @ValidateIf((o: NotificationConfig) => !!o.SMS_GATEWAY_URL) @IsString({ message: 'SMS_API_KEY must be set when SMS_GATEWAY_URL is' }) @MinLength(1)
  SMS_API_KEY?: string;

  /**
   * Attempts per e-mail or SMS delivery before it becomes a dead letter (capped exponential backoff from
   * 1 s); 0: no count, only the time budget (RETRY_BUDGET_SECONDS) ends the retries.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(1000)
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

/** The supervision service: the local rules of penalty cases. */
export class SupervisionConfig extends ServicePortsConfig {
  /** A fine of at least this many yuan is a "large amount": the enterprise may ask for a hearing (art. 63). */
  @Transform(toInt) @IsInt() @Min(1)
  HEARING_THRESHOLD_YUAN = 100_000;
}
