import 'reflect-metadata';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { BaseConfig, exitOnConfigError, loadConfig, SERVICE_NAMES } from '@permits/config';
import { databaseAccessMessage, databaseDownMessage, ensureDatabase, ensureSchema } from '@permits/persistence';
import { seedCatalog } from '../apps/intake/src/catalog/catalog.seed';
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
    const where = config.REDIS_SENTINELS ? `the master '${config.REDIS_SENTINEL_NAME}' of the sentinels ${config.REDIS_SENTINELS}` : `${u.hostname}:${u.port || 6379}`;
    throw new PrerequisiteMissing(`Redis does not answer at ${where} (${(err as Error).message}). Start it (e.g. 'redis-server --daemonize yes' or 'docker compose up -d redis') or set REDIS_URL.`);
  } finally {
    redis.disconnect();
  }
}

/** Creates the database if missing, runs every service's pending migrations, seeds the catalog. */
export async function migrateAll(config: BaseConfig, log: (line: string) => void = () => undefined): Promise<void> {
  await checkPrerequisites(config);
  try {
    await migrateEach(config, log);
  } catch (err) {
    throw explained(config, err);
  }
}

async function migrateEach(config: BaseConfig, log: (line: string) => void): Promise<void> {
  for (const service of SERVICE_NAMES) {
    const { schema, options } = SERVICE_DATA[service];
    await ensureSchema(config.DATABASE_URL, schema);
    const ds = new DataSource(options(config.DATABASE_URL));
    await ds.initialize();
    try {
      const ran = await ds.runMigrations({ transaction: 'each' });
      if (ran.length) log(`${service}: applied ${ran.map((m) => m.name).join(', ')}`);
      if (service === 'intake') {
        const seeded = await seedCatalog(ds);
        log(`catalog ${seeded.version}: ${seeded.items} items, ${seeded.subItems} sub-items`);
      }
    } finally {
      await ds.destroy();
    }
  }
}

if (require.main === module) {
  const config = exitOnConfigError(() => loadConfig(BaseConfig));
  migrateAll(config, (l) => console.log(l)).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err instanceof PrerequisiteMissing ? err.message : err);
      process.exit(err instanceof PrerequisiteMissing ? err.exitCode : 1);
    },
  );
}
