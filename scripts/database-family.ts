import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The databases one test or benchmark run owns, all named from one base (`DATABASE_URL`'s database):
 * `<base>_tmpl`, a template migrated once, and `<base>_<label>_<hex>`, a copy of it per test file or
 * benchmark phase (CREATE DATABASE … TEMPLATE: fast and isolated). `dropAll` removes exactly those.
 */
export class DatabaseFamily {
  readonly base: string;
  readonly template: string;

  constructor(private readonly baseUrl: string) {
    this.base = decodeURIComponent(new URL(baseUrl).pathname.slice(1));
    this.template = `${this.base}_tmpl`;
  }

  /** The URL of another database on the same server. */
  url(name: string): string {
    const u = new URL(this.baseUrl);
    u.pathname = `/${name}`;
    return u.toString();
  }

  /** Creates the template afresh and fills it with `migrate` (every service's migrations and the seed). */
  async createTemplate(migrate: (url: string) => Promise<void>): Promise<void> {
    await this.admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${this.template}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${this.template}"`);
    });
    await migrate(this.url(this.template));
  }

  /** A fresh copy of the template. */
  async fresh(label: string): Promise<{ name: string; url: string }> {
    const name = `${this.base}_${label
      .replace(/[^a-z0-9]/gi, '')
      .slice(0, 20)
      .toLowerCase()}_${randomBytes(3).toString('hex')}`;
    await this.admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${this.template}"`));
    return { name, url: this.url(name) };
  }

  /** Drops one copy (refuses any database not of this family). */
  async drop(name: string): Promise<void> {
    if (!name.startsWith(`${this.base}_`)) throw new Error(`refusing to drop ${name}: not one of ${this.base}'s databases`);
    await this.admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }

  /** Drops every copy and the template. */
  async dropAll(): Promise<void> {
    await this.admin(async (c) => {
      const { rows } = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${this.base}\\_%`]);
      for (const r of rows as { datname: string }[]) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    });
  }

  private async admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
    const c = new Client({ connectionString: this.url('postgres') });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }
}
