import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { baseDbName, dbUrl, TEMPLATE_DB } from './env';

/** A fresh, migrated database for one test file: a copy of the run's template. */
export async function freshDatabase(label: string): Promise<{ name: string; url: string }> {
  const name = `${baseDbName()}_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20).toLowerCase()}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: dbUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  return { name, url: dbUrl(name) };
}
