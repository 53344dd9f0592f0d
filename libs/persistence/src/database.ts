import { Client } from 'pg';

/** One line a person can act on, when PostgreSQL does not answer. */
export function databaseDownMessage(url: string, err: unknown): string {
  const u = new URL(url);
  return `PostgreSQL does not answer at ${u.hostname}:${u.port || 5432} (${(err as Error).message}). Start it (e.g. 'pg_ctlcluster 15 main start' or 'docker compose up -d postgres') or set DATABASE_URL.`;
}

/** Creates the database named in the URL when it is missing (connecting to the 'postgres' database). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`DATABASE_URL names an unusable database: '${name}'`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (err) {
      // another process created it at the same moment
      if ((err as { code?: string }).code !== '42P04') throw err;
    }
    return true;
  } finally {
    await client.end();
  }
}

export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}
