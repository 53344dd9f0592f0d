import { join } from 'node:path';

/** Where the tests' own database and Redis keys live (.ci/run sets DATABASE_URL and REDIS_PREFIX). */
export const ROOT = join(__dirname, '..', '..');
export const DIST = join(ROOT, 'dist');
export const BASE_DB_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/permits_test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const REDIS_PREFIX = process.env.REDIS_PREFIX ?? 'permits-test';

export function dbUrl(name: string): string {
  const u = new URL(BASE_DB_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export function baseDbName(): string {
  return decodeURIComponent(new URL(BASE_DB_URL).pathname.slice(1));
}

export const TEMPLATE_DB = `${baseDbName()}_tmpl`;
