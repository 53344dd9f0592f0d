import { join } from 'node:path';
import { DatabaseFamily } from '../../scripts/database-family';

/** Where the tests' own database and Redis keys live (.ci/run sets DATABASE_URL and REDIS_PREFIX). */
export const ROOT = join(__dirname, '..', '..');
export const DIST = join(ROOT, 'dist');
export const BASE_DB_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/permits_test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const REDIS_PREFIX = process.env.REDIS_PREFIX ?? 'permits-test';

/** This run's template and per-file databases, named from DATABASE_URL's database. */
export const DATABASES = new DatabaseFamily(BASE_DB_URL);
