import { DATABASES, DIST, REDIS_PREFIX, REDIS_URL } from './env';

/**
 * Migrates a template database once per run (every service's schema and the catalog); each test file
 * then takes a copy with CREATE DATABASE … TEMPLATE, which is fast and isolated.
 */
export default async function globalSetup(): Promise<void> {
  // the built code (npm test builds first): the same migrations and seed that `npm start` runs
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built code at a path known only at run time
  const { migrateAll } = require(`${DIST}/scripts/migrate.js`) as typeof import('../../scripts/migrate');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
  const { loadConfig, BaseConfig } = require(`${DIST}/libs/config/src/index.js`) as typeof import('../../libs/config/src');
  await DATABASES.createTemplate((url) => migrateAll(loadConfig(BaseConfig, { DATABASE_URL: url, REDIS_URL, REDIS_PREFIX })));
}
