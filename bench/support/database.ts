import { Client } from 'pg';
import { BaseConfig, loadConfig } from '@permits/config';
import { migrateAll } from '../../scripts/migrate';
import { DATABASES, REDIS_PREFIX, REDIS_URL } from './env';

/** The bench's own migrated template (every service's schema and the catalog), as the tests make theirs. */
export const createTemplate = () => DATABASES.createTemplate((url) => migrateAll(loadConfig(BaseConfig, { DATABASE_URL: url, REDIS_URL, REDIS_PREFIX })));

/** A fresh copy of the template for one phase. */
export const freshDatabase = (label: string) => DATABASES.fresh(label);

/** Drops one database the bench made. */
export const dropDatabase = (name: string) => DATABASES.drop(name);

/** Drops the template and every copy left. */
export const dropTemplate = () => DATABASES.dropAll();

/** A short-lived client on one database. */
export async function withDb<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
