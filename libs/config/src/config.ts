import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsIP, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf, validateSync, ValidationError } from 'class-validator';
import { readFileSync } from 'node:fs';

/** The development JWT secret: fine on a laptop, refused by a process started with NODE_ENV=production. */
export const DEV_JWT_SECRET = 'dev-secret-change-me';

/** The fewest bytes a secret may have in production (HMAC-SHA256 keys: 256 bits). */
export const MIN_SECRET_BYTES = 32;

const SECRETS = Symbol('config:secrets');

/** Every setting any config class declares @Secret(): a process handed one its own class does not declare refuses it in production. */
const KNOWN_SECRETS = new Set<string>();

/**
 * Marks a setting as a secret. In production (NODE_ENV=production) a secret must be given explicitly (as X or as
 * X_FILE), must differ from its development default (the class's initial value) and must be at least
 * MIN_SECRET_BYTES bytes long. Every secret of every config class goes through this one rule: declaring a new
 * setting `@Secret()` is all it takes.
 */
export function Secret(options: { notNeededWith?: string } = {}): PropertyDecorator {
  return (target, key) => {
    KNOWN_SECRETS.add(String(key));
    const bag = target as Record<symbol, SecretSpec[]>;
    const own = Object.prototype.hasOwnProperty.call(target, SECRETS) ? bag[SECRETS] : [...(bag[SECRETS] ?? [])];
    own.push({ key: String(key), notNeededWith: options.notNeededWith });
    Object.defineProperty(target, SECRETS, { value: own, configurable: true });
  };
}

interface SecretSpec {
  key: string;
  /** Another setting that makes this secret unnecessary when given (the secret is then off, not defaulted). */
  notNeededWith?: string;
}

function secretSpecs(cls: new () => object): SecretSpec[] {
  return ((cls.prototype as Record<symbol, SecretSpec[]>)[SECRETS] ?? []) as SecretSpec[];
}

/** Every secret some config class declares (a process's own are secretsOf its class; the rest it must not hold). */
export function knownSecrets(): string[] {
  return [...KNOWN_SECRETS].sort();
}

/** The names of the settings of `cls` (and its bases) marked @Secret(). */
export function secretsOf(cls: new () => object): string[] {
  return [...new Set(secretSpecs(cls).map((s) => s.key))];
}

/** The development audit key: the audit chain refuses it when NODE_ENV=production. */
export const DEV_AUDIT_KEY = 'dev-audit-key-change-me';

/** The development queue key: fine on a laptop, refused by a process started with NODE_ENV=production. */
export const DEV_QUEUE_KEY = 'dev-queue-key-change-me';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/** A whole-number setting read from the environment's text, at least `min` (and at most `max`). */
export function IntSetting(min: number, max?: number): PropertyDecorator {
  const checks = [Transform(toInt), IsInt(), Min(min), ...(max === undefined ? [] : [Max(max)])];
  return (target, key) => checks.forEach((d) => d(target, key));
}

/** A Redis URL, or ioredis's options for a master found through Sentinel. */
export type RedisTarget = string | { sentinels: { host: string; port: number }[]; name: string; username?: string; password?: string; db?: number };

/**
 * Settings every process shares. One typed object per app extends it; nothing else reads process.env.
 * Defaults are the ones a developer's laptop wants; production overrides them through the environment.
 */
export class BaseConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/permits';

  /**
   * Most PostgreSQL connections one process holds (idle ones close after 10 s). Every process of every
   * replica has its own pool: keep the sum under the server's max_connections.
   */
  @IntSetting(1, 100)
  DATABASE_POOL_SIZE = 10;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /**
   * Redis Sentinel instead of REDIS_URL's one server: the sentinels as comma-separated host:port; every connection
   * then asks them for the master named REDIS_SENTINEL_NAME and follows a failover. REDIS_URL still gives the
   * password and the database number (redis://:password@sentinel/0; its host is not used).
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]+:\d{1,5}(\s*,\s*[A-Za-z0-9.-]+:\d{1,5})*$/, { message: 'REDIS_SENTINELS must be comma-separated host:port pairs' })
  REDIS_SENTINELS?: string;

  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'REDIS_SENTINEL_NAME must be 1-64 letters, digits, ., _ or -' })
  REDIS_SENTINEL_NAME = 'mymaster';

  /**
   * A read replica of DATABASE_URL's database (streaming replication): the read paths that tolerate a little lag
   * (lists, search, reports) query it; commands and the reads that follow them stay on DATABASE_URL.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_READ_URL must be a postgres:// URL' })
  DATABASE_READ_URL?: string;

  /** Where Redis is for ioredis: REDIS_URL, or the master the sentinels name (password and db from REDIS_URL). */
  redisTarget(): RedisTarget {
    if (!this.REDIS_SENTINELS) return this.REDIS_URL;
    const u = new URL(this.REDIS_URL);
    const db = Number(u.pathname.replace(/^\//, '') || 0);
    return {
      sentinels: this.REDIS_SENTINELS.split(',').map((hp) => {
        const [host, port] = hp.trim().split(':');
        return { host, port: Number(port) };
      }),
      name: this.REDIS_SENTINEL_NAME,
      ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
      ...(db ? { db } : {}),
    };
  }

  /** Prefix of every Redis key this deployment writes (BullMQ queues, the manual clock, nonces). */
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'REDIS_PREFIX must be 1-40 letters, digits, - or _' })
  REDIS_PREFIX = 'permits';

  /**
   * Addresses or CIDR ranges of the proxies whose X-Forwarded-For is believed, comma-separated. The gateway:
   * the reverse proxies in front of it (the client address the rate limit counts). An internal service: the
   * gateway's address when it should log the portal client's address. Empty: none, the peer is the client.
   */
  @Matches(/^$|^[0-9A-Fa-f.:/]+(\s*,\s*[0-9A-Fa-f.:/]+)*$/, { message: 'TRUSTED_PROXIES must be comma-separated IP addresses or CIDR ranges' })
  TRUSTED_PROXIES = '';

  /** Fastify's `trustProxy` setting: the listed proxies, or false (believe no X-Forwarded-For). */
  trustedProxies(): string[] | false {
    const list = this.TRUSTED_PROXIES.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return list.length > 0 ? list : false;
  }

  /** Where the internal services listen (the gateway has its own setting); 0.0.0.0 in containers. */
  @IsIP(undefined, { message: 'BIND_ADDRESS must be an IP address' })
  BIND_ADDRESS = '127.0.0.1';

  @IsIn(['system', 'manual'], { message: 'CLOCK must be system or manual' })
  CLOCK: 'system' | 'manual' = 'system';

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/, { message: 'CLOCK_START must be an ISO-8601 instant with a zone' })
  CLOCK_START?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * How long a worker holds a job before BullMQ deems it stalled and hands it to another worker
   * (a killed worker's jobs come back after this).
   */
  @IntSetting(1000, 600_000)
  QUEUE_LOCK_MS = 30_000;

  /** Seconds a process waits for in-flight requests and jobs after SIGTERM before it exits anyway. */
  @IntSetting(1, 600)
  SHUTDOWN_GRACE_SECONDS = 20;

  /**
   * Hours a message is kept: published outbox rows and inbox rows older than this are pruned; after Redis
   * lost its data the relays publish again every outbox row younger than this. At least the retry budget.
   */
  @IntSetting(1)
  MESSAGE_RETENTION_HOURS = 168;

  /**
   * Seconds a message may keep failing (a database or a downstream system down) before it becomes a dead
   * letter. A message whose content is bad (fails validation) is a dead letter at once.
   */
  @IntSetting(1)
  RETRY_BUDGET_SECONDS = 86_400;

  /** First wait before a failed message is tried again; it doubles after each failure, up to RETRY_CAP_MS. */
  @IntSetting(1)
  RETRY_BASE_MS = 1000;

  /** The longest wait between two attempts of a failing message. */
  @IntSetting(1)
  RETRY_CAP_MS = 300_000;
}

/** A config class, or a class a mixin below extends. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mixin pattern: TypeScript requires a constructor of `any[]` arguments
export type ConfigClass<T extends BaseConfig = BaseConfig> = new (...args: any[]) => T;

/*
 * Each secret lives in the one mixin of the processes that use it, never in BaseConfig: a process's config class
 * names the mixins it needs (service-config.ts), so a process that does not use a secret has no setting for it
 * (the compiler refuses to read it) and, in production, refuses to start when its environment holds it anyway.
 */

/** Bearer-token verification (every HTTP process: the gateway and each service's HTTP entry). */
export function WithTokenVerification<B extends ConfigClass>(Base: B) {
  class TokenVerificationSettings extends Base {
    @IsString()
    @Matches(/^.{8,}$/, { message: 'JWT_SECRET must be at least 8 characters' })
    @Secret({ notNeededWith: 'JWT_JWKS_URL' })
    JWT_SECRET = DEV_JWT_SECRET;

    /** When set, every token's `iss` must equal it. */
    @IsOptional()
    @IsString()
    @Matches(/^.{1,200}$/, { message: 'JWT_ISSUER must be 1 to 200 characters' })
    JWT_ISSUER?: string;

    /** When set, every token's `aud` must hold it. */
    @IsOptional()
    @IsString()
    @Matches(/^.{1,200}$/, { message: 'JWT_AUDIENCE must be 1 to 200 characters' })
    JWT_AUDIENCE?: string;

    /**
     * The identity provider's JWKS: RS256/ES256 tokens signed by its keys are accepted. In production JWT_SECRET may
     * then be left unset, which turns HS256 tokens off.
     */
    @IsOptional()
    @Matches(/^https?:\/\/.+/, { message: 'JWT_JWKS_URL must be an http(s) URL' })
    JWT_JWKS_URL?: string;
  }
  return TokenVerificationSettings;
}

/** The audit chain's key and anchors: the case services' HTTP and worker processes (they write and verify chains). */
export function WithAuditKey<B extends ConfigClass>(Base: B) {
  class AuditKeySettings extends Base {
    /** The audit chain's HMAC key, held outside the database (production refuses the development default). */
    @IsString()
    @Secret()
    AUDIT_KEY = DEV_AUDIT_KEY;

    /** HMAC-SHA256, or HMAC-SM3 (GB/T 32905) where node:crypto's OpenSSL has SM3. */
    @IsIn(['sha256', 'sm3'], { message: 'AUDIT_ALGORITHM must be sha256 or sm3' })
    AUDIT_ALGORITHM: 'sha256' | 'sm3' = 'sha256';

    /** Where each case service appends its audit anchors (one file per schema); relative to the working directory. */
    @IsString()
    @Matches(/^.+$/, { message: 'AUDIT_ANCHOR_DIR must be a directory' })
    AUDIT_ANCHOR_DIR = 'var/audit-anchors';

    /** Seconds between two anchors of a service's chain heads (an anchor is written only when something changed). */
    @IntSetting(1, 86_400)
    AUDIT_ANCHOR_SECONDS = 300;

    /** GET /audit/verify checks the store in the request up to this many entries; above, it answers the newest verification job. */
    @IntSetting(0)
    AUDIT_VERIFY_INLINE_ENTRIES = 100_000;
  }
  return AuditKeySettings;
}

/** The national EIA system's shared secret: eia-review only (HTTP: the signature guard; worker: the status pushes). */
export function WithNationalEia<B extends ConfigClass>(Base: B) {
  class NationalEiaSettings extends Base {
    @IsString()
    @Secret()
    NATIONAL_EIA_SECRET = 'dev-national-eia-secret';

    @IsOptional()
    @Matches(/^https?:\/\/.+/, { message: 'NATIONAL_EIA_BASE_URL must be an http(s) URL' })
    NATIONAL_EIA_BASE_URL?: string;
  }
  return NationalEiaSettings;
}

/** The monitoring platform's shared secret: supervision's HTTP process only (the alarm guard). */
export function WithMonitoring<B extends ConfigClass>(Base: B) {
  class MonitoringSettings extends Base {
    /** HMAC secret of the online monitoring platform's alarm pushes (signed like the national EIA system). */
    @IsString()
    @Secret()
    MONITORING_SECRET = 'dev-monitoring-secret';
  }
  return MonitoringSettings;
}

/** The key of the queue messages' HMAC: every process that adds or consumes jobs (the workers: consumers and relays). */
export function WithQueueKey<B extends ConfigClass>(Base: B) {
  class QueueKeySettings extends Base {
    /** HMAC key over each job's queue, name, id and payload; per deployment, a secret like the others. */
    @IsString()
    @Secret()
    QUEUE_KEY = DEV_QUEUE_KEY;

    /**
     * During a rotation of QUEUE_KEY: the key before it, still accepted by consumers (never used to sign), so the
     * jobs already in Redis are handled. Unset once they are.
     */
    @IsOptional()
    @IsString()
    QUEUE_KEY_PREVIOUS?: string;
  }
  return QueueKeySettings;
}

/**
 * The development certificate signing key (an Ed25519 seed, hex): fine on a laptop, refused by a process started with
 * NODE_ENV=production like every secret's development default.
 */
export const DEV_CERTIFICATE_SIGNING_KEY = '6465762d63657274696669636174652d7369676e696e672d6b65792d31323334';

/** Where Debian's fonts-noto-cjk puts Noto Sans CJK (the certificate's Chinese text). */
export const DEFAULT_CERTIFICATE_FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

/**
 * Electronic certificates (电子证照): the bureau's Ed25519 signing key, the font and the public address printed in the
 * QR code. Only the process that issues certificates (discharge-permit's HTTP process) holds the key.
 */
export function WithCertificates<B extends ConfigClass>(Base: B) {
  class CertificateSettings extends Base {
    /**
     * The bureau's Ed25519 private key: a PKCS#8 PEM (`openssl genpkey -algorithm ed25519`; `\n` may stand for the
     * line breaks), or its 32-byte seed as 64 hex digits (`openssl rand -hex 32`) or base64.
     */
    @IsString()
    @Matches(/^(-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----\s*|[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=?)$/, {
      message: 'CERTIFICATE_SIGNING_KEY must be an Ed25519 private key: a PKCS#8 PEM, or a 32-byte seed as 64 hex digits or base64',
    })
    @Secret()
    CERTIFICATE_SIGNING_KEY = DEV_CERTIFICATE_SIGNING_KEY;

    /** The font file of the certificate's text (a .ttc collection, .otf or .ttf with CJK glyphs); read at start-up. */
    @IsString()
    @MinLength(1)
    CERTIFICATE_FONT_PATH = DEFAULT_CERTIFICATE_FONT_PATH;

    /** The font's PostScript name inside a collection (.ttc); ignored for a single font file. */
    @IsString()
    @Matches(/^[A-Za-z0-9_-]{1,63}$/, { message: 'CERTIFICATE_FONT_NAME must be a PostScript font name, e.g. NotoSansCJKsc-Regular' })
    CERTIFICATE_FONT_NAME = 'NotoSansCJKsc-Regular';

    /** The issuing authority printed on the certificates. */
    @IsString()
    @MinLength(1)
    @MaxLength(100)
    CERTIFICATE_ISSUER = '市生态环境局';

    /**
     * The portal's public address (scheme, host, optional path prefix; no trailing slash): the certificates' QR code
     * points at `<PUBLIC_BASE_URL>/api/v1/public/permits/<permitNo>`. Required when NODE_ENV=production.
     */
    @ValidateIf((o: { NODE_ENV: string; PUBLIC_BASE_URL?: string }) => o.NODE_ENV === 'production' || o.PUBLIC_BASE_URL !== undefined)
    @Matches(/^https?:\/\/[^/?#\s]+(\/[^?#\s]*[^/?#\s])?$/, {
      message: "PUBLIC_BASE_URL must be the portal's public http(s) address without a trailing slash (required when NODE_ENV=production)",
    })
    PUBLIC_BASE_URL?: string;

    /** The public base URL in force: PUBLIC_BASE_URL, or the gateway's default address in development. */
    publicBaseUrl(): string {
      return this.PUBLIC_BASE_URL ?? 'http://localhost:3000';
    }
  }
  return CertificateSettings;
}

/** Ports of the internal services; the gateway reaches them on 127.0.0.1 unless *_URL says otherwise. */
export class ServicePortsConfig extends BaseConfig {
  @IntSetting(1, 65535) INTAKE_PORT = 3101;
  @IntSetting(1, 65535) EIA_REVIEW_PORT = 3102;
  @IntSetting(1, 65535) DISCHARGE_PERMIT_PORT = 3103;
  @IntSetting(1, 65535) NOTIFICATION_PORT = 3104;
  @IntSetting(1, 65535) SUPERVISION_PORT = 3105;

  /** Each worker's ops port on 127.0.0.1 (/health, /ready, /metrics); 0: none. */
  @IntSetting(0, 65535) INTAKE_WORKER_PORT = 3111;
  @IntSetting(0, 65535) EIA_REVIEW_WORKER_PORT = 3112;
  @IntSetting(0, 65535) DISCHARGE_PERMIT_WORKER_PORT = 3113;
  @IntSetting(0, 65535) NOTIFICATION_WORKER_PORT = 3114;
  @IntSetting(0, 65535) SUPERVISION_WORKER_PORT = 3115;

  @IsOptional() @Matches(/^https?:\/\/.+/) INTAKE_URL?: string;
  @IsOptional() @Matches(/^https?:\/\/.+/) EIA_REVIEW_URL?: string;
  @IsOptional() @Matches(/^https?:\/\/.+/) DISCHARGE_PERMIT_URL?: string;
  @IsOptional() @Matches(/^https?:\/\/.+/) NOTIFICATION_URL?: string;
  @IsOptional() @Matches(/^https?:\/\/.+/) SUPERVISION_URL?: string;

  /** Where the gateway scrapes each worker's ops server (metrics); default 127.0.0.1 and its *_WORKER_PORT. */
  @IsOptional() @Matches(/^https?:\/\/.+/) INTAKE_WORKER_URL?: string;
  @IsOptional() @Matches(/^https?:\/\/.+/) EIA_REVIEW_WORKER_URL?: string;
  @IsOptional() @Matches(/^https?:\/\/.+/) DISCHARGE_PERMIT_WORKER_URL?: string;
  @IsOptional() @Matches(/^https?:\/\/.+/) NOTIFICATION_WORKER_URL?: string;
  @IsOptional() @Matches(/^https?:\/\/.+/) SUPERVISION_WORKER_URL?: string;

  serviceUrl(service: ServiceName): string {
    const explicit = {
      intake: this.INTAKE_URL,
      'eia-review': this.EIA_REVIEW_URL,
      'discharge-permit': this.DISCHARGE_PERMIT_URL,
      notification: this.NOTIFICATION_URL,
      supervision: this.SUPERVISION_URL,
    }[service];
    return explicit ?? `http://127.0.0.1:${this.servicePort(service)}`;
  }

  /** The worker's ops server, or undefined when it has none (port 0 and no explicit URL). */
  workerUrl(service: ServiceName): string | undefined {
    const explicit = {
      intake: this.INTAKE_WORKER_URL,
      'eia-review': this.EIA_REVIEW_WORKER_URL,
      'discharge-permit': this.DISCHARGE_PERMIT_WORKER_URL,
      notification: this.NOTIFICATION_WORKER_URL,
      supervision: this.SUPERVISION_WORKER_URL,
    }[service];
    if (explicit) return explicit;
    return this.workerPort(service) > 0 ? `http://127.0.0.1:${this.workerPort(service)}` : undefined;
  }

  workerPort(service: ServiceName): number {
    return {
      intake: this.INTAKE_WORKER_PORT,
      'eia-review': this.EIA_REVIEW_WORKER_PORT,
      'discharge-permit': this.DISCHARGE_PERMIT_WORKER_PORT,
      notification: this.NOTIFICATION_WORKER_PORT,
      supervision: this.SUPERVISION_WORKER_PORT,
    }[service];
  }

  servicePort(service: ServiceName): number {
    return {
      intake: this.INTAKE_PORT,
      'eia-review': this.EIA_REVIEW_PORT,
      'discharge-permit': this.DISCHARGE_PERMIT_PORT,
      notification: this.NOTIFICATION_PORT,
      supervision: this.SUPERVISION_PORT,
    }[service];
  }
}

export const SERVICE_NAMES = ['intake', 'eia-review', 'discharge-permit', 'notification', 'supervision'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The gateway: token verification only (it also signs the development tokens with JWT_SECRET when DEV_TOKENS=1). */
export class GatewayConfig extends WithTokenVerification(ServicePortsConfig) {
  @IntSetting(1, 65535) PORT = 3000;

  /**
   * The gateway's own database connection, to schema task_index only (role permits_task_index): the task index (the
   * inbox read model, issue 26 lever 3), which the task index worker fills. Set, the gateway answers the open inbox
   * (GET /api/v1/tasks) from it with one query and feeds the task stream from its changes. Unset, it holds no database
   * and asks the four case services for every inbox, as before.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'TASK_INDEX_DATABASE_URL must be a postgres:// URL' })
  TASK_INDEX_DATABASE_URL?: string;

  /** Requests a client may make in a minute; 0 turns the limit off. */
  @IntSetting(0) RATE_LIMIT_PER_MINUTE = 600;

  /** Comma-separated allowed origins, or * for any. Empty: CORS off. */
  @IsString() CORS_ORIGINS = '';

  /**
   * 1: the gateway answers POST /api/v1/dev/token (a signed token for a chosen role and department, for the
   * staff console's development sign-in). Refused when NODE_ENV=production; absent (404) unless 1.
   */
  @IsIn(['0', '1'], { message: 'DEV_TOKENS must be 0 or 1' })
  DEV_TOKENS: '0' | '1' = '0';

  /** The staff console's built files (served at /console); default: dist/console beside the built gateway. */
  @IsOptional()
  @IsString()
  CONSOLE_DIR?: string;
}

/**
 * The task index worker (apps/gateway/src/task-index/worker.ts): consumes queue task-index into schema task_index. It
 * holds QUEUE_KEY to check each job's signature; the gateway, the edge process, holds no queue key.
 */
export class TaskIndexWorkerConfig extends WithQueueKey(BaseConfig) {
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'TASK_INDEX_DATABASE_URL must be a postgres:// URL' })
  TASK_INDEX_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/permits';

  /** The worker's ops port on 127.0.0.1 (/health, /ready, /metrics); 0: none. */
  @IntSetting(0, 65535) TASK_INDEX_WORKER_PORT = 3116;
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
  const given = new Set<string>();
  const problems: string[] = [];
  for (const key of Object.keys(defaults)) {
    const value = fromEnv(env, key, problems);
    if (value !== undefined) given.add(key);
    raw[key] = value === undefined ? defaults[key] : value;
  }
  const config = plainToInstance(cls, raw);
  problems.push(...describe(validateSync(config as object, { forbidUnknownValues: false })));
  if (config.NODE_ENV === 'production') {
    for (const { key, notNeededWith } of secretSpecs(cls)) {
      const value = (config as unknown as Record<string, unknown>)[key];
      if (!given.has(key) && notNeededWith && given.has(notNeededWith)) {
        (config as unknown as Record<string, unknown>)[key] = ''; // off: never the development default
        continue;
      }
      if (!given.has(key) || value === defaults[key])
        problems.push(`${key} must be set to a real secret (or ${key}_FILE to a file holding it) when NODE_ENV=production`);
      else if (typeof value !== 'string' || Buffer.byteLength(value, 'utf8') < MIN_SECRET_BYTES)
        problems.push(`${key} must be at least ${MIN_SECRET_BYTES} bytes when NODE_ENV=production`);
    }
    const own = new Set(secretsOf(cls));
    for (const key of [...KNOWN_SECRETS].sort()) {
      if (own.has(key)) continue;
      const handed = [key, `${key}_FILE`].filter((k) => env[k] !== undefined && env[k] !== '');
      if (handed.length > 0)
        problems.push(
          `${handed.join(' and ')} given to a process that does not use it (each process holds only its own secrets): remove it from this process's environment`,
        );
    }
    const previous = (config as { QUEUE_KEY_PREVIOUS?: string }).QUEUE_KEY_PREVIOUS;
    if (previous !== undefined && (previous === DEV_QUEUE_KEY || Buffer.byteLength(previous, 'utf8') < MIN_SECRET_BYTES))
      problems.push(`QUEUE_KEY_PREVIOUS must be a real secret of at least ${MIN_SECRET_BYTES} bytes when NODE_ENV=production`);
    if (config.CLOCK === 'manual') problems.push('CLOCK=manual is refused when NODE_ENV=production');
    if ((config as unknown as { DEV_TOKENS?: string }).DEV_TOKENS === '1') problems.push('DEV_TOKENS=1 is refused when NODE_ENV=production');
  }
  if (config.MESSAGE_RETENTION_HOURS * 3600 < config.RETRY_BUDGET_SECONDS)
    problems.push('MESSAGE_RETENTION_HOURS must cover RETRY_BUDGET_SECONDS (a message retried after its inbox row was pruned would act twice)');
  if (config.RETRY_CAP_MS < config.RETRY_BASE_MS) problems.push('RETRY_CAP_MS must be at least RETRY_BASE_MS');
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return config;
}

/**
 * A setting's value from the environment: X itself, or the trimmed content of the file X_FILE names (Docker and
 * Kubernetes secrets). Both at once is a mistake. Undefined when neither is set (or X is empty).
 */
function fromEnv(env: NodeJS.ProcessEnv, key: string, problems: string[]): string | undefined {
  const direct = env[key];
  const file = env[`${key}_FILE`];
  if (file !== undefined && file !== '') {
    if (direct !== undefined && direct !== '') {
      problems.push(`set ${key} or ${key}_FILE, not both`);
      return direct;
    }
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (err) {
      problems.push(`${key}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      return undefined;
    }
  }
  return direct === undefined || direct === '' ? undefined : direct;
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

/**
 * Bounds a process's drain: after SIGTERM (or SIGINT) Nest's shutdown hooks let the HTTP server answer what it
 * holds and the workers finish their running jobs; a process still draining after SHUTDOWN_GRACE_SECONDS exits
 * anyway, and BullMQ hands a job it still held to another worker once the job's lock lapses.
 */
export function exitAfterGrace(config: Pick<BaseConfig, 'SHUTDOWN_GRACE_SECONDS'>): void {
  const arm = (signal: NodeJS.Signals) => {
    const t = setTimeout(() => {
      process.stderr.write(`still draining ${config.SHUTDOWN_GRACE_SECONDS} s after ${signal}: exiting; running jobs are handed back when their locks lapse\n`);
      process.exit(1);
    }, config.SHUTDOWN_GRACE_SECONDS * 1000);
    t.unref();
  };
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
}

/** What a process that verifies bearer tokens has (its config class includes WithTokenVerification). */
export type TokenVerificationSettings = InstanceType<ReturnType<typeof WithTokenVerification<typeof BaseConfig>>>;
/** What a process that writes or verifies an audit chain has (WithAuditKey). */
export type AuditKeySettings = InstanceType<ReturnType<typeof WithAuditKey<typeof BaseConfig>>>;
/** What eia-review's processes have (WithNationalEia). */
export type NationalEiaSettings = InstanceType<ReturnType<typeof WithNationalEia<typeof ServicePortsConfig>>>;
/** What supervision's HTTP process has (WithMonitoring). */
export type MonitoringSettings = InstanceType<ReturnType<typeof WithMonitoring<typeof BaseConfig>>>;
/** What a process that adds or consumes jobs has (WithQueueKey). */
export type QueueKeySettings = InstanceType<ReturnType<typeof WithQueueKey<typeof BaseConfig>>>;
/** What the process that issues electronic certificates has (WithCertificates). */
export type CertificateSettings = InstanceType<ReturnType<typeof WithCertificates<typeof BaseConfig>>>;
