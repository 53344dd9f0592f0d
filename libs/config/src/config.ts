import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync, ValidationError } from 'class-validator';

/** The development JWT secret: fine on a laptop, refused by a process started with NODE_ENV=production. */
export const DEV_JWT_SECRET = 'dev-secret-change-me';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * Settings every process shares. One typed object per app extends it; nothing else reads process.env.
 * Defaults are the ones a developer's laptop wants; production overrides them through the environment.
 */
export class BaseConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/permits';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key this deployment writes (BullMQ queues, the manual clock, nonces). */
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'REDIS_PREFIX must be 1-40 letters, digits, - or _' })
  REDIS_PREFIX = 'permits';

  @IsString()
  @Matches(/^.{8,}$/, { message: 'JWT_SECRET must be at least 8 characters' })
  JWT_SECRET = DEV_JWT_SECRET;

  @IsIn(['system', 'manual'], { message: 'CLOCK must be system or manual' })
  CLOCK: 'system' | 'manual' = 'system';

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/, { message: 'CLOCK_START must be an ISO-8601 instant with a zone' })
  CLOCK_START?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsString()
  NATIONAL_EIA_SECRET = 'dev-national-eia-secret';

  /** HMAC secret of the online monitoring platform's alarm pushes (signed like the national EIA system). */
  @IsString()
  MONITORING_SECRET = 'dev-monitoring-secret';

  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'NATIONAL_EIA_BASE_URL must be an http(s) URL' })
  NATIONAL_EIA_BASE_URL?: string;

  /**
   * How long a worker holds a job before BullMQ deems it stalled and hands it to another worker
   * (a killed worker's jobs come back after this).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  QUEUE_LOCK_MS = 30_000;

  /** Seconds a process waits for in-flight requests and jobs after SIGTERM before it exits anyway. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600)
  SHUTDOWN_GRACE_SECONDS = 20;

  /**
   * Hours a message is kept: published outbox rows and inbox rows older than this are pruned; after Redis
   * lost its data the relays publish again every outbox row younger than this. At least the retry budget.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  MESSAGE_RETENTION_HOURS = 168;

  /**
   * Seconds a message may keep failing (a database or a downstream system down) before it becomes a dead
   * letter. A message whose content is bad (fails validation) is a dead letter at once.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RETRY_BUDGET_SECONDS = 86_400;

  /** First wait before a failed message is tried again; it doubles after each failure, up to RETRY_CAP_MS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RETRY_BASE_MS = 1000;

  /** The longest wait between two attempts of a failing message. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RETRY_CAP_MS = 300_000;
}

/** Ports of the internal services; the gateway reaches them on 127.0.0.1 unless *_URL says otherwise. */
export class ServicePortsConfig extends BaseConfig {
  @Transform(toInt) @IsInt() @Min(1) @Max(65535) INTAKE_PORT = 3101;
  @Transform(toInt) @IsInt() @Min(1) @Max(65535) EIA_REVIEW_PORT = 3102;
  @Transform(toInt) @IsInt() @Min(1) @Max(65535) DISCHARGE_PERMIT_PORT = 3103;
  @Transform(toInt) @IsInt() @Min(1) @Max(65535) NOTIFICATION_PORT = 3104;
  @Transform(toInt) @IsInt() @Min(1) @Max(65535) SUPERVISION_PORT = 3105;

  /** Each worker's ops port on 127.0.0.1 (/health, /ready, /metrics); 0: none. */
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) INTAKE_WORKER_PORT = 3111;
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) EIA_REVIEW_WORKER_PORT = 3112;
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) DISCHARGE_PERMIT_WORKER_PORT = 3113;
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) NOTIFICATION_WORKER_PORT = 3114;
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) SUPERVISION_WORKER_PORT = 3115;

  @IsOptional() @Matches(/^https?:\/\/.+/) INTAKE_URL?: string;
  @IsOptional() @Matches(/^https?:\/\/.+/) EIA_REVIEW_URL?: string;
  @IsOptional() @Matches(/^https?:\/\/.+/) DISCHARGE_PERMIT_URL?: string;
  @IsOptional() @Matches(/^https?:\/\/.+/) NOTIFICATION_URL?: string;
  @IsOptional() @Matches(/^https?:\/\/.+/) SUPERVISION_URL?: string;

  serviceUrl(service: ServiceName): string {
    const explicit = { intake: this.INTAKE_URL, 'eia-review': this.EIA_REVIEW_URL, 'discharge-permit': this.DISCHARGE_PERMIT_URL, notification: this.NOTIFICATION_URL, supervision: this.SUPERVISION_URL }[service];
    return explicit ?? `http://127.0.0.1:${this.servicePort(service)}`;
  }

  workerPort(service: ServiceName): number {
    return { intake: this.INTAKE_WORKER_PORT, 'eia-review': this.EIA_REVIEW_WORKER_PORT, 'discharge-permit': this.DISCHARGE_PERMIT_WORKER_PORT, notification: this.NOTIFICATION_WORKER_PORT, supervision: this.SUPERVISION_WORKER_PORT }[service];
  }

  servicePort(service: ServiceName): number {
    return { intake: this.INTAKE_PORT, 'eia-review': this.EIA_REVIEW_PORT, 'discharge-permit': this.DISCHARGE_PERMIT_PORT, notification: this.NOTIFICATION_PORT, supervision: this.SUPERVISION_PORT }[service];
  }
}

export const SERVICE_NAMES = ['intake', 'eia-review', 'discharge-permit', 'notification', 'supervision'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export class GatewayConfig extends ServicePortsConfig {
  @Transform(toInt) @IsInt() @Min(1) @Max(65535) PORT = 3000;

  /** Requests a client may make in a minute; 0 turns the limit off. */
  @Transform(toInt) @IsInt() @Min(0) RATE_LIMIT_PER_MINUTE = 600;

  /** Comma-separated allowed origins, or * for any. Empty: CORS off. */
  @IsString() CORS_ORIGINS = '';
}

export class ConfigError extends Error {}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) ? m : `${e.property}: ${m}`)));
}

/**
 * Builds and validates a config object from an environment. Throws ConfigError with one line naming every
 * bad value; `exitOnConfigError` turns that into the process's last words.
 */
export function loadConfig<T extends BaseConfig>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const defaults = new cls() as unknown as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const value = env[key];
    raw[key] = value === undefined || value === '' ? defaults[key] : value;
  }
  const config = plainToInstance(cls, raw);
  const problems = describe(validateSync(config as object, { forbidUnknownValues: false }));
  if (config.NODE_ENV === 'production') {
    if (!env.JWT_SECRET || config.JWT_SECRET === DEV_JWT_SECRET) problems.push('JWT_SECRET must be set to a real secret when NODE_ENV=production');
    if (config.CLOCK === 'manual') problems.push('CLOCK=manual is refused when NODE_ENV=production');
    if (!env.NATIONAL_EIA_SECRET) problems.push('NATIONAL_EIA_SECRET must be set when NODE_ENV=production');
    if (!env.MONITORING_SECRET) problems.push('MONITORING_SECRET must be set when NODE_ENV=production');
  }
  if (config.MESSAGE_RETENTION_HOURS * 3600 < config.RETRY_BUDGET_SECONDS) problems.push('MESSAGE_RETENTION_HOURS must cover RETRY_BUDGET_SECONDS (a message retried after its inbox row was pruned would act twice)');
  if (config.RETRY_CAP_MS < config.RETRY_BASE_MS) problems.push('RETRY_CAP_MS must be at least RETRY_BASE_MS');
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return config;
}

export function exitOnConfigError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
