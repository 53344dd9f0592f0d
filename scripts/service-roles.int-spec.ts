import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig, MigrateConfig, SERVICE_NAMES, ServiceName } from '@permits/config';
import { serviceRole, serviceRoleProblem } from '@permits/persistence';
import { DATABASES, DIST, REDIS_PREFIX, REDIS_URL } from '../test/support/env';
import { freePort } from './local-system';
import { migrateAll } from './migrate';
import { SERVICE_DATA } from './services';

jest.setTimeout(60_000);

const SCHEMAS = SERVICE_NAMES.map((s) => SERVICE_DATA[s].schema);

/** A connection as `login`, acting as `role` when given (SET ROLE at connect, as the services' pools do). */
async function connect(url: string, o: { login?: string; role?: string } = {}): Promise<Client> {
  const u = new URL(url);
  if (o.login) u.username = o.login;
  const c = new Client({ connectionString: u.toString(), options: o.role ? `-c role=${o.role}` : undefined });
  await c.connect();
  return c;
}

/** The SQLSTATE a statement fails with, or 'ok'. */
async function outcome(c: Client, sql: string): Promise<string> {
  try {
    await c.query(sql);
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

/** Each table's first column (read by the admin: a role without rights on a schema cannot even look its tables up). */
const firstColumn = new Map<string, string>();

/** Every kind of access to one table, each in a transaction rolled back. */
async function accessTo(c: Client, table: string): Promise<Record<string, string>> {
  const column = firstColumn.get(table);
  if (!column) throw new Error(`no table ${table}`);
  const out: Record<string, string> = {};
  const statements: Record<string, string> = {
    select: `SELECT 1 FROM ${table} LIMIT 1`,
    insert: `INSERT INTO ${table} SELECT * FROM ${table} WHERE false`,
    update: `UPDATE ${table} SET ${column} = ${column} WHERE false`,
    delete: `DELETE FROM ${table} WHERE false`,
    truncate: `TRUNCATE ${table}`,
  };
  for (const [what, sql] of Object.entries(statements)) {
    await c.query('BEGIN');
    out[what] = await outcome(c, sql);
    await c.query('ROLLBACK');
  }
  return out;
}

const DENIED = { select: '42501', insert: '42501', update: '42501', delete: '42501', truncate: '42501' };
const WRITABLE = { select: 'ok', insert: 'ok', update: 'ok', delete: 'ok', truncate: '42501' };

describe('one PostgreSQL role per service', () => {
  let url: string;
  let name: string;

  beforeAll(async () => {
    ({ url, name } = await DATABASES.fresh('roles'));
    const admin = await connect(url);
    try {
      const { rows } = await admin.query(
        `SELECT format('%s.%s', table_schema, table_name) AS t, column_name AS c FROM information_schema.columns WHERE table_schema = ANY($1) AND ordinal_position = 1`,
        [SCHEMAS],
      );
      for (const r of rows as { t: string; c: string }[]) firstColumn.set(r.t, r.c);
    } finally {
      await admin.end();
    }
  });
  afterAll(async () => {
    await DATABASES.drop(name);
  });

  // dev and tests: one trust-auth superuser logs in and every connection SETs the service's role
  it.each(['via SET ROLE from the superuser (development, tests)', 'logged in as the role itself (production)'])(
    "refuses intake's role every read and write of discharge_permit's tables, %s",
    async (how) => {
      const role = serviceRole('intake');
      const c = await connect(url, how.startsWith('via') ? { role } : { login: role });
      try {
        expect((await c.query('SELECT current_user AS u')).rows[0].u).toBe(role);
        for (const table of ['discharge_permit.permits', 'discharge_permit.cases', 'discharge_permit.audit_log', 'discharge_permit.outbox']) {
          expect({ table, access: await accessTo(c, table) }).toEqual({ table, access: DENIED });
        }
        // nor through the search path (a schema it has no USAGE on is not even searched), nor by DDL of its own
        expect(await outcome(c, `SET search_path = discharge_permit, intake; INSERT INTO permits DEFAULT VALUES`)).toBe('42P01');
        expect(await outcome(c, `CREATE TABLE intake.mine (id int)`)).toBe('42501');
        expect(await outcome(c, `CREATE SCHEMA mine`)).toBe('42501');
        expect(await outcome(c, `ALTER TABLE intake.applications ADD COLUMN x int`)).toBe('42501');
        expect(await outcome(c, `SELECT 1 FROM intake.migrations`)).toBe('42501');
      } finally {
        await c.end();
      }
    },
  );

  it("lets each service role read and write its own tables and no other schema's", async () => {
    for (const schema of SCHEMAS) {
      const c = await connect(url, { role: serviceRole(schema) });
      try {
        expect({ schema, own: await accessTo(c, `${schema}.outbox`) }).toEqual({ schema, own: WRITABLE });
        expect({ schema, inbox: await accessTo(c, `${schema}.inbox`) }).toEqual({ schema, inbox: WRITABLE });
        for (const other of SCHEMAS.filter((s) => s !== schema)) {
          expect({ schema, other, access: await accessTo(c, `${other}.outbox`) }).toEqual({ schema, other, access: DENIED });
        }
      } finally {
        await c.end();
      }
    }
  });

  it('gives every table of a schema to its role, and no table to another role (the catalog included)', async () => {
    const admin = await connect(url);
    try {
      const { rows } = await admin.query(
        `SELECT t.table_schema AS schema, t.table_name AS name, r.rolname AS role,
                has_table_privilege(r.rolname, format('%I.%I', t.table_schema, t.table_name), 'INSERT, UPDATE, DELETE') AS writes,
                has_table_privilege(r.rolname, format('%I.%I', t.table_schema, t.table_name), 'SELECT') AS reads
           FROM information_schema.tables t CROSS JOIN pg_roles r
          WHERE t.table_schema = ANY($1) AND r.rolname = ANY($2)`,
        [SCHEMAS, SCHEMAS.map(serviceRole)],
      );
      expect(rows.length).toBeGreaterThan(50);
      const wrong = (rows as { schema: string; name: string; role: string; writes: boolean; reads: boolean }[]).filter((r) => {
        const own = r.role === serviceRole(r.schema) && r.name !== 'migrations';
        return r.writes !== own || r.reads !== own;
      });
      expect(wrong).toEqual([]);
    } finally {
      await admin.end();
    }
  });

  it("refuses a service's own role the rights of another role it is not (SET ROLE from a direct login)", async () => {
    const c = await connect(url, { login: serviceRole('intake') });
    try {
      expect(await outcome(c, `SET ROLE ${serviceRole('discharge_permit')}`)).toBe('42501');
      await c.query('RESET ROLE');
      expect((await c.query('SELECT current_user AS u')).rows[0].u).toBe(serviceRole('intake'));
    } finally {
      await c.end();
    }
  });

  describe('serviceRoleProblem', () => {
    const dataSource = (service: ServiceName, login?: string) => {
      const u = new URL(url);
      if (login) u.username = login;
      return new DataSource(SERVICE_DATA[service].options(u.toString()) as never);
    };

    it('accepts the superuser acting as the role outside production, refuses it in production, accepts the role logging in itself', async () => {
      const { intakeDataSourceOptions } = await import('../apps/intake/src/data-source');
      const viaSuperuser = await new DataSource(intakeDataSourceOptions(url, undefined, 1)).initialize();
      const direct = new URL(url);
      direct.username = serviceRole('intake');
      const asRole = await new DataSource(intakeDataSourceOptions(direct.toString(), undefined, 1)).initialize();
      const owner = await dataSource('intake').initialize(); // the migration runner's: no service role
      try {
        expect(await viaSuperuser.query('SELECT current_user AS u')).toEqual([{ u: 'permits_intake' }]);
        expect(await serviceRoleProblem(viaSuperuser, false)).toBeUndefined();
        expect(await serviceRoleProblem(viaSuperuser, true)).toMatch(
          /logs in to PostgreSQL as '\w+' \(a superuser\): with NODE_ENV=production each service logs in as its own role; set DATABASE_URL to postgres:\/\/permits_intake:PASSWORD@/,
        );
        expect(await serviceRoleProblem(asRole, true)).toBeUndefined();
        expect(await serviceRoleProblem(owner, true)).toBeUndefined();
        // the app's own pool cannot write another schema either
        await expect(viaSuperuser.query(`INSERT INTO discharge_permit.outbox SELECT * FROM discharge_permit.outbox WHERE false`)).rejects.toMatchObject({
          code: '42501',
        });
      } finally {
        await Promise.all([viaSuperuser.destroy(), asRole.destroy(), owner.destroy()]);
      }
    });

    /** Runs a built entry point with these settings; resolves when it exits, or when `ready` answers (then it is stopped). */
    async function run(entry: string, env: Record<string, string>, ready?: string): Promise<{ code: number | null; stderr: string; ready: boolean }> {
      const child = spawn(process.execPath, [join(DIST, entry)], {
        env: { PATH: process.env.PATH ?? '', REDIS_URL, REDIS_PREFIX, LOG_LEVEL: 'silent', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      let up = false;
      if (ready) {
        const deadline = Date.now() + 40_000;
        while (!up && child.exitCode === null && Date.now() < deadline) {
          up = await fetch(ready).then(
            (r) => r.ok,
            () => false,
          );
          if (!up) await new Promise((r) => setTimeout(r, 200));
        }
        if (child.exitCode === null) child.kill('SIGTERM');
      }
      return { code: await exited, stderr, ready: up };
    }
    const PROD = { NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), AUDIT_KEY: 'a'.repeat(40), QUEUE_KEY: 'q'.repeat(40) };

    it('stops a production HTTP process or worker that logs in as the superuser, in one line, exit 78', async () => {
      const http = await run('apps/intake/src/main.js', {
        NODE_ENV: 'production',
        JWT_SECRET: PROD.JWT_SECRET,
        AUDIT_KEY: PROD.AUDIT_KEY,
        DATABASE_URL: url,
        INTAKE_PORT: String(await freePort()),
      });
      expect(http.code).toBe(78);
      expect(http.stderr.trim().split('\n')).toHaveLength(1);
      expect(http.stderr).toMatch(/^intake: the service logs in to PostgreSQL as '\w+' \(a superuser\)/);
      const worker = await run('apps/intake/src/worker.js', {
        NODE_ENV: 'production',
        AUDIT_KEY: PROD.AUDIT_KEY,
        QUEUE_KEY: PROD.QUEUE_KEY,
        DATABASE_URL: url,
        INTAKE_WORKER_PORT: '0',
      });
      expect(worker.code).toBe(78);
      expect(worker.stderr).toMatch(/^intake-worker: the service logs in to PostgreSQL as '\w+' \(a superuser\)/);
    });

    it('starts a production service that logs in as its own role', async () => {
      const own = new URL(url);
      own.username = serviceRole('intake');
      const port = await freePort();
      const r = await run(
        'apps/intake/src/main.js',
        {
          NODE_ENV: 'production',
          JWT_SECRET: PROD.JWT_SECRET,
          AUDIT_KEY: PROD.AUDIT_KEY,
          DATABASE_URL: own.toString(),
          INTAKE_PORT: String(port),
          FILES_DIR: mkdtempSync(join(tmpdir(), 'roles-files-')),
        },
        `http://127.0.0.1:${port}/health/ready`,
      );
      expect({ ready: r.ready, stderr: r.stderr }).toEqual({ ready: true, stderr: '' });
    });
  });

  describe('migrateAll', () => {
    afterAll(async () => {
      const admin = await connect(url);
      await admin.query(`ALTER ROLE ${serviceRole('notification')} PASSWORD NULL`).finally(() => admin.end());
    });

    it("sets a role's password from the service's own URL, and refuses a URL naming another user", async () => {
      const own = new URL(url);
      own.username = serviceRole('notification');
      own.password = "it's-a-p@ss\\word";
      await migrateAll(loadConfig(MigrateConfig, { DATABASE_URL: url, REDIS_URL, REDIS_PREFIX, NOTIFICATION_DATABASE_URL: own.toString() }));
      const admin = await connect(url);
      try {
        const { rows } = await admin.query(
          `SELECT rolpassword IS NOT NULL AS set, rolcanlogin AS login, rolsuper AS super, rolcreaterole AS createrole FROM pg_authid WHERE rolname = $1`,
          [serviceRole('notification')],
        );
        expect(rows).toEqual([{ set: true, login: true, super: false, createrole: false }]);
      } finally {
        await admin.end();
      }
      const wrong = new URL(url);
      wrong.password = 'x';
      await expect(
        migrateAll(loadConfig(MigrateConfig, { DATABASE_URL: url, REDIS_URL, REDIS_PREFIX, INTAKE_DATABASE_URL: wrong.toString() })),
      ).rejects.toThrow(/INTAKE_DATABASE_URL must log in as permits_intake/);
    });
  });
});
