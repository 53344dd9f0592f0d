import 'reflect-metadata';
import IORedis from 'ioredis';
import { escapeLiteral } from 'pg';
import { DataSource } from 'typeorm';
import { BaseConfig, exitOnConfigError, loadConfig, MigrateConfig, SERVICE_NAMES, ServiceName } from '@permits/config';
import { databaseAccessMessage, databaseDownMessage, ensureDatabase, ensureSchema, serviceRole } from '@permits/persistence';
import { seedCatalog } from '../apps/intake/src/catalog/catalog.seed';
import { taskIndexDataSourceOptions, TASK_INDEX_SCHEMA } from '../apps/gateway/src/task-index/data-source';
import { SERVICE_DATA } from './services';

export class PrerequisiteMissing extends Error {
  /** What the process exits with: 1 (something to start, worth retrying) unless a subclass says otherwise. */
  readonly exitCode: number = 1;
}

/** PostgreSQL answers but refuses DATABASE_URL's user, password or database: a configuration error (EX_CONFIG). */
export class DatabaseAccessRefused extends PrerequisiteMissing {
  override readonly exitCode = 78;
}

/** The one line for an error of PostgreSQL refusing access, as DatabaseAccessRefused; any other error as it is. */
function explained(config: BaseConfig, err: unknown): unknown {
  const line = databaseAccessMessage(config.DATABASE_URL, err);
  return line ? new DatabaseAccessRefused(line) : err;
}

/** Fails with one line a person can act on when PostgreSQL or Redis does not answer. */
export async function checkPrerequisites(config: BaseConfig): Promise<void> {
  try {
    await ensureDatabase(config.DATABASE_URL);
  } catch (err) {
    const refused = explained(config, err);
    if (refused instanceof DatabaseAccessRefused) throw refused;
    if ((err as { code?: string }).code === 'ECONNREFUSED' || (err as { code?: string }).code === 'ENOTFOUND' || (err as Error).message.includes('connect')) {
      throw new PrerequisiteMissing(databaseDownMessage(config.DATABASE_URL, err));
    }
    throw err;
  }
  const target = config.redisTarget();
  const once = { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null };
  const redis = typeof target === 'string' ? new IORedis(target, once) : new IORedis({ ...target, ...once, sentinelRetryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    const u = new URL(config.REDIS_URL);
    const where = config.REDIS_SENTINELS
      ? `the master '${config.REDIS_SENTINEL_NAME}' of the sentinels ${config.REDIS_SENTINELS}`
      : `${u.hostname}:${u.port || 6379}`;
    throw new PrerequisiteMissing(
      `Redis does not answer at ${where} (${(err as Error).message}). Start it (e.g. 'redis-server --daemonize yes' or 'docker compose up -d redis') or set REDIS_URL.`,
    );
  } finally {
    redis.disconnect();
  }
}

/** What the migration runner reads: the admin connection and, optionally, each service's own (MigrateConfig). */
type MigrationSettings = BaseConfig & { serviceDatabaseUrl?: (service: ServiceName) => string | undefined };

/**
 * Creates the database if missing, runs every service's pending migrations (which create each service's role and
 * grant it its schema), grants each role the tables of its schema again (a migration run by another admin user
 * is not covered by the first one's default privileges), sets each role's password from the service's own URL
 * when given, seeds the catalog.
 */
export async function migrateAll(config: MigrationSettings, log: (line: string) => void = () => undefined): Promise<void> {
  await checkPrerequisites(config);
  try {
    await migrateEach(config, log);
  } catch (err) {
    throw explained(config, err);
  }
}

async function migrateEach(config: MigrationSettings, log: (line: string) => void): Promise<void> {
  for (const service of SERVICE_NAMES) {
    const { schema, options } = SERVICE_DATA[service];
    await ensureSchema(config.DATABASE_URL, schema);
    const ds = new DataSource(options(config.DATABASE_URL));
    await ds.initialize();
    try {
      const ran = await ds.runMigrations({ transaction: 'each' });
      if (ran.length) log(`${service}: applied ${ran.map((m) => m.name).join(', ')}`);
      await grantServiceRole(ds, schema);
      const own = config.serviceDatabaseUrl?.(service);
      if (own) await setRolePassword(ds, service, schema, own, log);
      if (service === 'intake') {
        const seeded = await seedCatalog(ds);
        log(`catalog ${seeded.version}: ${seeded.items} items, ${seeded.subItems} sub-items`);
      }
    } finally {
      await ds.destroy();
    }
  }
  // the gateway's task index (its own schema and role; fed by the services' TaskIndexFeed migrations above)
  await ensureSchema(config.DATABASE_URL, TASK_INDEX_SCHEMA);
  const ds = new DataSource(taskIndexDataSourceOptions(config.DATABASE_URL, undefined, null));
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    if (ran.length) log(`task index: applied ${ran.map((m) => m.name).join(', ')}`);
  } finally {
    await ds.destroy();
  }
}

/** The service's role reaches every table and sequence of its schema (idempotent), never the migrations table. */
async function grantServiceRole(ds: DataSource, schema: string): Promise<void> {
  const role = serviceRole(schema);
  await ds.query(`GRANT USAGE ON SCHEMA "${schema}" TO "${role}"`);
  await ds.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "${schema}" TO "${role}"`);
  await ds.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "${schema}" TO "${role}"`);
  await ds.query(`REVOKE ALL ON "${schema}"."migrations" FROM "${role}"`);
}

/** Sets the service role's password to the one in the service's own URL (whose user must be that role). */
async function setRolePassword(ds: DataSource, service: ServiceName, schema: string, url: string, log: (line: string) => void): Promise<void> {
  const role = serviceRole(schema);
  const u = new URL(url);
  const user = decodeURIComponent(u.username);
  const key = `${service.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`;
  if (user !== role) throw new DatabaseAccessRefused(`${key} must log in as ${role}, the service's own role (it names '${user || 'no user'}')`);
  const password = decodeURIComponent(u.password);
  if (!password) return;
  // ALTER ROLE takes no bind parameters: the password goes in as a quoted literal
  await ds.query(`ALTER ROLE "${role}" WITH LOGIN PASSWORD ${escapeLiteral(password)}`);
  log(`${service}: password of ${role} set from ${key}`);
}

if (require.main === module) {
  const config = exitOnConfigError(() => loadConfig(MigrateConfig));
  migrateAll(config, (l) => console.log(l)).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err instanceof PrerequisiteMissing ? err.message : err);
      process.exit(err instanceof PrerequisiteMissing ? err.exitCode : 1);
    },
  );
}
