import IORedis from 'ioredis';
import { Client } from 'pg';
import { baseDbName, dbUrl, REDIS_PREFIX, REDIS_URL, TEMPLATE_DB } from './env';

/** Drops the databases and Redis keys the run made. */
export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: dbUrl('postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${baseDbName()}\\_%`]);
    for (const r of rows as { datname: string }[]) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const redis = new IORedis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${REDIS_PREFIX}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}
