import IORedis from 'ioredis';
import { DATABASES, REDIS_PREFIX, REDIS_URL } from './env';

/** Drops the databases and Redis keys the run made. */
export default async function globalTeardown(): Promise<void> {
  await DATABASES.dropAll();
  const redis = new IORedis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${REDIS_PREFIX}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}
