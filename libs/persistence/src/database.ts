import { Client } from 'pg';

/** One line a person can act on, when PostgreSQL does not answer. */
export function databaseDownMessage(url: string, err: unknown): string {
  const u = new URL(url);
  return `PostgreSQL does not answer at ${u.hostname}:${u.port || 5432} (${(err as Error).message}). Start it (e.g. 'pg_ctlcluster 15 main start' or 'docker compose up -d postgres') or set DATABASE_URL.`;
}

/**
 * One line a person can act on when PostgreSQL answers but refuses DATABASE_URL's user or database: a wrong
 * password (28P01), a missing role or a pg_hba.conf refusal (28000), a missing database (3D000), a user
 * without the right to create the database or its schemas (42501). Undefined for any other error.
 */
export function databaseAccessMessage(url: string, err: unknown): string | undefined {
  const code = err && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  const u = new URL(url);
  const where = `${u.hostname}:${u.port || 5432}`;
  const user = decodeURIComponent(u.username) || process.env.PGUSER || 'the default user';
  const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres';
  const message = String((err as { message?: unknown })?.message ?? '');
  switch (code) {
    case '28P01':
      return `PostgreSQL at ${where} refused the password of user '${user}'. Put the right password in DATABASE_URL (postgres://${user}:PASSWORD@${where}/${db}).`;
    case '28000':
      return /role .* does not exist/.test(message)
        ? `PostgreSQL at ${where} has no role '${user}'. Create it (psql -U postgres -c "CREATE ROLE ${user} LOGIN CREATEDB PASSWORD '…'") or set DATABASE_URL to an existing user.`
        : `PostgreSQL at ${where} does not let user '${user}' connect from here (pg_hba.conf). Allow it there or set DATABASE_URL to a user that may connect.`;
    case '3D000':
      return `PostgreSQL at ${where} has no database '${/database "([^"]+)"/.exec(message)?.[1] ?? db}'. Create it (createdb -h ${u.hostname} -U ${user} ${db}) or set DATABASE_URL to an existing one.`;
    case '42501':
      return `PostgreSQL user '${user}' at ${where} may not create or use database '${db}' (${message.replace(/\s+/g, ' ').slice(0, 120)}). Create it for them (createdb -O ${user} ${db}) or grant CREATEDB.`;
    default:
      return undefined;
  }
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
