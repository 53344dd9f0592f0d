import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { BaseConfig, loadConfig } from '@permits/config';
import { migrateAll } from '../../scripts/migrate';
import { baseDbName, dbUrl, REDIS_PREFIX, REDIS_URL, TEMPLATE_DB } from './env';

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: dbUrl('postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The bench's own migrated template (every service's schema and the catalog), as the tests make theirs. */
export async function createTemplate(): Promise<void> {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  });
  await migrateAll(loadConfig(BaseConfig, { DATABASE_URL: dbUrl(TEMPLATE_DB), REDIS_URL, REDIS_PREFIX }));
}

/** A fresh copy of the template for one phase. */
export async function freshDatabase(label: string): Promise<{ name: string; url: string }> {
  const name = `${baseDbName()}_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20).toLowerCase()}_${randomBytes(3).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`));
  return { name, url: dbUrl(name) };
}

/** Drops one database the bench made. */
export async function dropDatabase(name: string): Promise<void> {
  if (!name.startsWith(`${baseDbName()}_`)) throw new Error(`refusing to drop ${name}: not one of the bench's databases`);
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function dropTemplate(): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`));
}

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
