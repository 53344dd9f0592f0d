import { randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { QueueClient, QueueSigner } from '@permits/queue';
import { DATABASES, REDIS_PREFIX, REDIS_URL } from '../../../test/support/env';
import { createServiceDataSource } from './data-source';
import { addToOutbox, withOutboxBatch } from './outbox';
import { OutboxRelay } from './relay';

jest.setTimeout(60_000);

const HOUR = 3_600_000;

/**
 * The relay against real PostgreSQL and Redis: its epoch key tells it when Redis lost its data, and then the
 * retention window goes out again (delays counted from when each row was written); rows past the window are
 * pruned, never rows inside it or rows not yet published.
 */
describe(OutboxRelay.name, () => {
  const prefix = `${REDIS_PREFIX}-relay-${randomBytes(3).toString('hex')}`;
  let db: DataSource;
  let queues: QueueClient;
  let relay: OutboxRelay;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const { url } = await DATABASES.fresh('relay');
    db = createServiceDataSource({ url, schema: 'intake', entities: [] });
    await db.initialize();
    queues = new QueueClient(REDIS_URL, prefix, 1000, new QueueSigner('relay-int-spec-queue-key'));
    relay = new OutboxRelay(db, queues, { retentionMs: 24 * HOUR });
  });
  afterAll(async () => {
    for (const q of [Queues.Intake, Queues.DischargePermit]) await queues.queue(q).obliterate({ force: true });
    await queues.connection.del(relay.epochKey);
    await queues.close();
    await db?.destroy();
  });

  async function row(o: { ageMs: number; published: boolean; delay?: number; queue?: string }): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO outbox (id, queue, job_name, payload, correlation_id, delay, created_at, published_at) VALUES ($1, $2, $3, $4, NULL, $5, now() - make_interval(secs => $6), CASE WHEN $7 THEN now() ELSE NULL END)`,
      [
        id,
        o.queue ?? Queues.DischargePermit,
        Jobs.CaseStatusChanged.name,
        JSON.stringify({ applicationId: id, correlationId: id }),
        o.delay ?? 0,
        o.ageMs / 1000,
        o.published,
      ],
    );
    return id;
  }

  const drain = async () => {
    while ((await relay.publishBatch()) > 0);
  };

  it('publishes the retention window again when Redis lost its epoch key, with what is left of each delay', async () => {
    await relay.checkEpoch(); // first start: sets the epoch
    await drain();
    const recent = await row({ ageMs: 2 * HOUR, published: true });
    const old = await row({ ageMs: 30 * HOUR, published: true });
    const timer = await row({ ageMs: HOUR, published: true, delay: 3 * HOUR, queue: Queues.Intake });
    expect(await relay.checkEpoch()).toBe(0); // Redis still holds its epoch: nothing to do
    const q = queues.queue(Queues.DischargePermit);
    expect(await q.getJob(recent)).toBeUndefined();

    await queues.connection.del(relay.epochKey); // what a Redis restart without persistence does
    expect(await relay.checkEpoch()).toBeGreaterThanOrEqual(2);
    await drain();
    expect(await q.getJob(recent)).toBeDefined();
    expect(await q.getJob(old)).toBeUndefined(); // past the window: its consumer's inbox may be pruned already
    const wake = await queues.queue(Queues.Intake).getJob(timer);
    expect(wake?.opts.delay).toBeGreaterThan(1.9 * HOUR);
    expect(wake?.opts.delay).toBeLessThanOrEqual(2 * HOUR);
    expect(await queues.connection.exists(relay.epochKey)).toBe(1);
  });

  it('prunes published rows and inbox rows past the window, never younger ones or unpublished ones', async () => {
    const oldPublished = await row({ ageMs: 30 * HOUR, published: true });
    const oldUnpublished = await row({ ageMs: 30 * HOUR, published: false });
    const young = await row({ ageMs: 23 * HOUR, published: true });
    await db.query(`INSERT INTO inbox (message_id, job, handled_at) VALUES ($1, 'x', now() - interval '30 hours'), ($2, 'x', now() - interval '23 hours')`, [
      'old-msg',
      'young-msg',
    ]);
    await relay.prune();
    const left = ((await db.query(`SELECT id FROM outbox WHERE id = ANY($1)`, [[oldPublished, oldUnpublished, young]])) as { id: string }[])
      .map((r) => r.id)
      .sort();
    expect(left).toEqual([oldUnpublished, young].sort());
    const inbox = ((await db.query(`SELECT message_id FROM inbox WHERE message_id IN ('old-msg', 'young-msg')`)) as { message_id: string }[]).map(
      (r) => r.message_id,
    );
    expect(inbox).toEqual(['young-msg']);
  });

  it('is woken by the outbox trigger when a transaction writes a message, long before its poll', async () => {
    const woken = new OutboxRelay(db, queues, { retentionMs: 24 * HOUR, idleMs: 10 * 60_000, schema: 'intake' });
    woken.start();
    try {
      for (let i = 0; i < 100 && !woken.listening; i++) await new Promise((r) => setTimeout(r, 100));
      expect(woken.listening).toBe(true);
      await drain(); // whatever the earlier tests left, and let the started relay go back to its (10 minute) sleep
      await new Promise((r) => setTimeout(r, 500));
      const before = woken.published;
      const id = randomUUID();
      await db.transaction((tx) => addToOutbox(tx, Queues.DischargePermit, Jobs.CaseStatusChanged, { applicationId: id, correlationId: id } as never, { id }));
      const q = queues.queue(Queues.DischargePermit);
      for (let i = 0; i < 200 && !(await q.getJob(id)); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await q.getJob(id)).toBeDefined();
      expect(woken.published).toBe(before + 1);
    } finally {
      await woken.stop();
    }
    expect(woken.listening).toBe(false);
  });

  it('writes the messages of a batch in one statement, the first of two with one id kept', async () => {
    const a = randomUUID();
    const b = randomUUID();
    await db.transaction((tx) =>
      withOutboxBatch(tx, async () => {
        await addToOutbox(tx, Queues.DischargePermit, Jobs.CaseStatusChanged, { applicationId: a, correlationId: a } as never, { id: a });
        await addToOutbox(tx, Queues.DischargePermit, Jobs.CaseStatusChanged, { applicationId: 'second', correlationId: a } as never, { id: a });
        await addToOutbox(tx, Queues.Intake, Jobs.CaseStatusChanged, { applicationId: b, correlationId: b } as never, { id: b, delay: 1500 });
        // nothing written before the batch ends
        expect(await tx.query(`SELECT id FROM outbox WHERE id = ANY($1)`, [[a, b]])).toEqual([]);
      }),
    );
    const rows = (await db.query(`SELECT id, queue, payload, delay FROM outbox WHERE id = ANY($1) ORDER BY queue`, [[a, b]])) as {
      id: string;
      queue: string;
      payload: { applicationId: string };
      delay: number;
    }[];
    expect(rows.map((r) => [r.id, r.queue, r.payload.applicationId, r.delay])).toEqual([
      [a, Queues.DischargePermit, a, 0],
      [b, Queues.Intake, b, 1500],
    ]);
  });
});
