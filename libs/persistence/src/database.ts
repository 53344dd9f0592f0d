import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { roleOf } from './data-source';

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

/**
 * What is wrong with the PostgreSQL identity of a service's data source, in one line a person can act on, or
 * undefined when nothing is. Every connection acts as the service's role (`-c role=`); in production the service
 * must also log in as that role: a superuser (or any other login) that merely SETs ROLE could RESET it, so it is
 * refused there. In development and tests one trust-auth superuser serves every service through SET ROLE.
 */
export async function serviceRoleProblem(db: DataSource, production: boolean): Promise<string | undefined> {
  const role = roleOf(db.options);
  if (!role) return undefined;
  const [me] = (await db.query(
    `SELECT session_user AS login, current_user AS acting, (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) AS super`,
  )) as { login: string; acting: string; super: boolean }[];
  if (me.acting !== role) return `the database connection acts as '${me.acting}', not as the service's role '${role}'`;
  if (production && me.login !== role) {
    return `the service logs in to PostgreSQL as '${me.login}'${me.super ? ' (a superuser)' : ''}: with NODE_ENV=production each service logs in as its own role; set DATABASE_URL to postgres://${role}:PASSWORD@host:port/database (the migrations create the role; the migration runner sets its password from <SERVICE>_DATABASE_URL)`;
  }
  return undefined;
}

/** serviceRoleProblem as a process's last words: one line on stderr and exit 78 (EX_CONFIG), like a bad setting. */
export async function exitOnServiceRoleProblem(db: DataSource | undefined, production: boolean, name: string): Promise<void> {
  if (!db) return;
  const problem = await serviceRoleProblem(db, production);
  if (!problem) return;
  process.stderr.write(`${name}: ${problem}\n`);
  process.exit(78);
}
