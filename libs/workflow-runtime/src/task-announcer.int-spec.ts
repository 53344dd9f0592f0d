import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { createServiceDataSource } from '@permits/persistence';
import { DATABASES, REDIS_PREFIX, REDIS_URL } from '../../../test/support/env';
import { RUNTIME_ENTITIES } from './entities';
import { TaskAnnouncer } from './task-announcer';
import { OpenedTask } from './task-stream';

jest.setTimeout(60_000);

/** TaskAnnouncer against real PostgreSQL transactions and Redis pub/sub: announced after COMMIT, never after a rollback. */
describe(TaskAnnouncer.name, () => {
  const prefix = `${REDIS_PREFIX}-announcer-${randomBytes(3).toString('hex')}`;
  let db: DataSource;
  let redis: IORedis;
  let sub: IORedis;
  let announcer: TaskAnnouncer;
  const received: string[] = [];

  const task = (id: string): OpenedTask => ({
    id,
    caseId: 'c1',
    applicationId: 'c1',
    kind: 'review',
    dept: 'pollution',
    assignee: null,
    dueDate: null,
    slaLevel: 'green',
    createdAt: '2026-12-07T09:30:00.000Z',
  });
  const ids = () => received.map((m) => (JSON.parse(m) as OpenedTask).id);
  const until = async (n: number) => {
    for (let i = 0; i < 100 && received.length < n; i++) await new Promise((r) => setTimeout(r, 20));
  };

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const { url } = await DATABASES.fresh('announcer');
    db = createServiceDataSource({ url, schema: 'intake', entities: RUNTIME_ENTITIES });
    await db.initialize();
    redis = new IORedis(REDIS_URL);
    sub = new IORedis(REDIS_URL);
    announcer = new TaskAnnouncer(db, redis, prefix);
    sub.on('message', (_c: string, m: string) => received.push(m));
    await sub.subscribe(announcer.channel);
  });
  afterAll(async () => {
    sub.disconnect();
    redis.disconnect();
    await db.destroy();
  });
  beforeEach(() => (received.length = 0));

  it('publishes after the commit, nothing while the transaction is open', async () => {
    await db.transaction(async (tx) => {
      announcer.opened(tx, [task('in_a')]);
      await tx.query('SELECT 1');
      await new Promise((r) => setTimeout(r, 100));
      expect(received).toEqual([]);
    });
    await until(1);
    expect(ids()).toEqual(['in_a']);
  });

  it('publishes nothing of a transaction that rolled back (the next committed one comes first)', async () => {
    await expect(
      db.transaction(async (tx) => {
        announcer.opened(tx, [task('in_rolled_back')]);
        await tx.query('SELECT 1');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await db.transaction(async (tx) => announcer.opened(tx, [task('in_after')]));
    await until(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(ids()).toEqual(['in_after']);
  });

  it('drops what a rolled-back savepoint opened and keeps the rest of its transaction', async () => {
    await db.transaction(async (tx) => {
      announcer.opened(tx, [task('in_outer')]);
      await tx
        .transaction(async (inner) => {
          announcer.opened(inner, [task('in_inner')]);
          throw new Error('inner refused');
        })
        .catch(() => undefined);
      await tx.transaction(async (inner) => announcer.opened(inner, [task('in_released')]));
    });
    await until(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(ids()).toEqual(['in_outer', 'in_released']);
  });
});
