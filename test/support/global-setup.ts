import { Client } from 'pg';
import { BASE_DB_URL, dbUrl, DIST, REDIS_PREFIX, REDIS_URL, TEMPLATE_DB } from './env';

/**
 * Migrates a template database once per run (every service's schema and the catalog); each test file
 * then takes a copy with CREATE DATABASE … TEMPLATE, which is fast and isolated.
 */
export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: dbUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  // the built code (npm test builds first): the same migrations and seed that `npm start` runs
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { migrateAll } = require(`${DIST}/scripts/migrate.js`) as typeof import('../../scripts/migrate');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig, BaseConfig } = require(`${DIST}/libs/config/src/index.js`) as typeof import('../../libs/config/src');
  await migrateAll(loadConfig(BaseConfig, { DATABASE_URL: dbUrl(TEMPLATE_DB), REDIS_URL, REDIS_PREFIX }));
  void BASE_DB_URL;
}
