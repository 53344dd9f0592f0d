import { DataSource } from 'typeorm';
import { DATABASES } from '../../../test/support/env';
import { createServiceDataSource, onReplica } from './data-source';

jest.setTimeout(60_000);

const nameOf = async (q: Promise<{ d: string }[]>) => (await q)[0].d;
const WHICH = 'SELECT current_database() AS d';

/**
 * DATABASE_READ_URL: two databases stand for the primary and its replica (which database answered tells where
 * a query went). Reads through onReplica go to the replica; everything else stays on the primary.
 */
describe('onReplica (DATABASE_READ_URL)', () => {
  let primary: string;
  let replica: string;
  let db: DataSource;

  beforeAll(async () => {
    primary = (await DATABASES.fresh('replica_primary')).url;
    replica = (await DATABASES.fresh('replica_read')).url;
    db = await createServiceDataSource({ url: primary, readUrl: replica, schema: 'intake', entities: [] }).initialize();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const dbName = (url: string) => new URL(url).pathname.slice(1);

  it('reads on the replica where onReplica asks, and everything else on the primary', async () => {
    expect(await nameOf(onReplica(db, (m) => m.query(WHICH)))).toBe(dbName(replica));
    expect(await nameOf(db.query(WHICH))).toBe(dbName(primary));
    expect(await nameOf(db.manager.query(WHICH))).toBe(dbName(primary));
    expect(await db.transaction(async (m) => nameOf(m.query(WHICH)))).toBe(dbName(primary));
  });

  it('reads on the primary when there is no replica', async () => {
    const single = await createServiceDataSource({ url: primary, schema: 'intake', entities: [] }).initialize();
    try {
      expect(await nameOf(onReplica(single, (m) => m.query(WHICH)))).toBe(dbName(primary));
    } finally {
      await single.destroy();
    }
  });
});
