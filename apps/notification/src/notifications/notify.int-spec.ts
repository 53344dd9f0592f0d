import { randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Job, Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { Jobs, NotifyV1, Queues } from '@permits/contracts/jobs';
import { createServiceDataSource, OutboxRelay } from '@permits/persistence';
import { QueueClient, QueueSigner, startConsumer } from '@permits/queue';
import { DATABASES, REDIS_PREFIX, REDIS_URL } from '../../../../test/support/env';
import { Channel, Contact, InAppChannel, OutgoingMessage } from '../channels/channel';
import { Channels } from '../channels/channels';
import { NOTIFICATION_ENTITIES, NOTIFICATION_SCHEMA } from '../data-source';
import { DeliveryPolicy, SendDelivery, SendDeliveryHandler } from '../deliveries/commands/send-delivery';
import { DeliverHandler } from '../deliveries/deliver.handler';
import { StoreNotification, StoreNotificationHandler } from './commands/store-notification';
import { NotifyHandler } from './notify.handler';

jest.setTimeout(60_000);

/** An e-mail channel that records what it sent, or fails while `down`. */
class RecordingEmail implements Channel {
  readonly name = 'email' as const;
  readonly enabled = true;
  readonly sent: OutgoingMessage[] = [];
  down = false;
  addressOf(contact: Contact | null): string | null {
    return contact?.email ?? null;
  }
  send(m: OutgoingMessage): Promise<void> {
    if (this.down) return Promise.reject(new Error('421 service not available'));
    this.sent.push(m);
    return Promise.resolve();
  }
}

/**
 * The notice path of issue 26, lever 5, against real PostgreSQL and Redis: a request the owning service wrote
 * with its recipients resolved is stored and its e-mails sent by the one job that carries it (one queue hop
 * from the owner's commit); only a failed first attempt goes on to the delivery queue, where retries and dead
 * letters are as before. The inbox keeps a redelivered request from storing or sending twice, and a request
 * nobody of this deployment signed (put straight into Redis, or altered there) is refused before anything.
 */
describe('notification requests (notification worker)', () => {
  const prefix = `${REDIS_PREFIX}-notify-${randomBytes(3).toString('hex')}`;
  const signer = new QueueSigner('notify-int-spec-queue-key-0123456789abcdef');
  const email = new RecordingEmail();
  let db: DataSource;
  let queues: QueueClient;
  let relay: OutboxRelay;
  let workers: Worker[];
  let connection: IORedis;
  let intruder: Queue;
  let deliveryQueue: Queue;
  let store: StoreNotificationHandler;
  const creditCode = '91350100M000100Y43';

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const { url } = await DATABASES.fresh('notify-owner');
    db = createServiceDataSource({ url, schema: NOTIFICATION_SCHEMA, entities: NOTIFICATION_ENTITIES });
    await db.initialize();
    // retries 50 ms apart, so the dead-letter case is quick
    queues = new QueueClient(REDIS_URL, prefix, 50, signer);
    relay = new OutboxRelay(db, queues, { listen: false });
    const channels = new Channels([new InAppChannel(), email]);
    store = new StoreNotificationHandler(db, channels);
    const send = new SendDeliveryHandler(db, channels, new DeliveryPolicy(2, 50));
    const bus = {
      execute: (c: StoreNotification | SendDelivery) => (c instanceof StoreNotification ? store.execute(c) : send.execute(c)),
    } as unknown as CommandBus;
    workers = [
      startConsumer({ queue: Queues.Notification, handlers: [new NotifyHandler(bus)], redis: REDIS_URL, signer, prefix }),
      startConsumer({ queue: Queues.NotificationDelivery, handlers: [new DeliverHandler(bus)], redis: REDIS_URL, signer, prefix }),
    ];
    connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
    intruder = new Queue(Queues.Notification, { connection, prefix });
    deliveryQueue = new Queue(Queues.NotificationDelivery, { connection, prefix });
    await db.query(
      `INSERT INTO contacts (recipient_type, recipient, email, phone, updated_at, updated_by)
       VALUES ('dept', 'pollution', 'pollution@bureau.test', NULL, now(), 'admin'), ('enterprise', $1, 'ehs@enterprise.test', NULL, now(), 'admin')`,
      [creditCode],
    );
  });
  afterAll(async () => {
    for (const w of workers ?? []) await w.close();
    await intruder?.close();
    await deliveryQueue?.close();
    for (const q of [Queues.Notification, Queues.NotificationDelivery]) await queues?.queue(q).obliterate({ force: true });
    await queues?.connection.del(relay.epochKey);
    await queues?.close();
    connection?.disconnect();
    await db?.destroy();
  });
  beforeEach(() => {
    email.sent.length = 0;
    email.down = false;
  });

  /** What sla_red asks for (the departments holding the case's tasks and the heads), and a person and the applicant. */
  const request = (over: Partial<NotifyV1> = {}): NotifyV1 => ({
    kind: 'sla_red',
    applicationId: randomUUID(),
    correlationId: randomUUID(),
    recipients: { depts: ['pollution'], roles: ['head'], userIds: ['u-7'], creditCodes: [creditCode] },
    data: { level: 'red', remainingDays: 0 },
    ...over,
  });

  async function settle(queue: Queue, id: string): Promise<Job> {
    const until = Date.now() + 30_000;
    for (;;) {
      const job = await queue.getJob(id);
      const s = await job?.getState();
      if (job && (s === 'completed' || s === 'failed')) return (await queue.getJob(id))!;
      if (Date.now() > until) throw new Error(`job ${id} did not settle (${s ?? 'missing'})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The notifications of an application, and their deliveries. */
  async function rows(applicationId: string) {
    const notes = (await db.query(`SELECT recipient_type || ':' || recipient AS who, message_id FROM notifications WHERE application_id = $1 ORDER BY 1`, [
      applicationId,
    ])) as { who: string; message_id: string }[];
    const deliveries = (await db.query(
      `SELECT d.id, d.address, d.status, d.attempts FROM deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.application_id = $1 ORDER BY d.address`,
      [applicationId],
    )) as { id: string; address: string; status: string; attempts: number }[];
    return { who: notes.map((n) => n.who), messages: [...new Set(notes.map((n) => n.message_id))], deliveries };
  }

  const outboxRows = async () =>
    (await db.query(`SELECT id::text, queue, job_name FROM outbox ORDER BY created_at`)) as { id: string; queue: string; job_name: string }[];

  it('stores exactly the resolved recipients and sends their e-mails in the same job: nothing goes to the delivery queue', async () => {
    const p = request();
    const job = await queues.queue(Queues.Notification).add(Jobs.Notify.name, p, { jobId: randomUUID() });
    expect(await (await settle(intruder, job.id!)).getState()).toBe('completed');
    const r = await rows(p.applicationId);
    expect(r.who).toEqual(['dept:pollution', `enterprise:${creditCode}`, 'role:head', 'user:u-7']);
    expect(r.messages).toEqual([job.id]);
    expect(r.deliveries.map((d) => ({ address: d.address, status: d.status, attempts: d.attempts }))).toEqual([
      { address: 'ehs@enterprise.test', status: 'sent', attempts: 1 },
      { address: 'pollution@bureau.test', status: 'sent', attempts: 1 },
    ]);
    expect(email.sent.map((m) => m.deliveryId).sort()).toEqual(r.deliveries.map((d) => d.id).sort());
    expect(await outboxRows()).toEqual([]);
    expect(await queues.queue(Queues.NotificationDelivery).getJobCountByTypes('waiting', 'delayed', 'active', 'completed', 'failed')).toBe(0);
  });

  it('stores and sends nothing twice when the same request is delivered again under its id', async () => {
    const p = request();
    const id = randomUUID();
    await settle(intruder, (await queues.queue(Queues.Notification).add(Jobs.Notify.name, p, { jobId: id })).id!);
    const first = await rows(p.applicationId);
    // the same message id again, as BullMQ redelivers a job whose worker died before recording success
    await (await intruder.getJob(id))!.remove();
    await settle(intruder, (await queues.queue(Queues.Notification).add(Jobs.Notify.name, p, { jobId: id })).id!);
    expect(await rows(p.applicationId)).toEqual(first);
    expect(email.sent).toHaveLength(2);
  });

  it('makes the first attempts a crash left owing when the request runs again, once each', async () => {
    const p = request();
    const id = randomUUID();
    // the store committed, then the worker died before any attempt
    const stored = await store.execute(new StoreNotification(p, { messageId: id, jobName: Jobs.Notify.name, attemptsMade: 0, lastChance: false }));
    expect(stored).toMatchObject({ stored: 4, deliveries: expect.any(Array) });
    expect(stored.deliveries).toHaveLength(2);
    expect(email.sent).toHaveLength(0);
    await settle(intruder, (await queues.queue(Queues.Notification).add(Jobs.Notify.name, p, { jobId: id })).id!);
    const r = await rows(p.applicationId);
    expect(r.who).toHaveLength(4);
    expect(r.deliveries.map((d) => [d.status, d.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
    expect(email.sent.map((m) => m.deliveryId).sort()).toEqual([...stored.deliveries].sort());
  });

  it('hands a delivery whose first attempt failed to the delivery queue, which retries it and keeps it as a dead letter after NOTIFY_DELIVERY_ATTEMPTS', async () => {
    email.down = true;
    const p = request({ recipients: { creditCodes: [creditCode] }, kind: 'decision', data: { result: 'approved' } });
    const job = await queues.queue(Queues.Notification).add(Jobs.Notify.name, p, { jobId: randomUUID() });
    // the request itself is done: the notification is stored whatever the e-mail server says
    expect(await (await settle(intruder, job.id!)).getState()).toBe('completed');
    const [pending] = (await rows(p.applicationId)).deliveries;
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await outboxRows()).toEqual([{ id: pending.id, queue: Queues.NotificationDelivery, job_name: Jobs.Deliver.name }]);
    while ((await relay.publishBatch()) > 0);
    const dead = await settle(deliveryQueue, pending.id);
    expect({ state: await dead.getState(), reason: dead.failedReason }).toEqual({
      state: 'failed',
      reason: expect.stringMatching(/^delivery .* failed for good: 421 service not available/),
    });
    expect((await rows(p.applicationId)).deliveries[0]).toMatchObject({ status: 'failed', attempts: 2 });
    expect(email.sent).toHaveLength(0);
    await db.query(`DELETE FROM outbox`);
  });

  it('makes no first attempt on a channel resting after a failure: the delivery goes to the delivery queue untried and is sent there once the server is back', async () => {
    // the e-mail channel failed in the test before: it rests (CHANNEL_REST_MS), the request does not wait for it
    email.down = true;
    const p = request({ recipients: { depts: ['pollution'] }, kind: 'task_assigned', data: { taskId: randomUUID(), taskKind: 'review' } });
    expect(await (await settle(intruder, (await queues.queue(Queues.Notification).add(Jobs.Notify.name, p, { jobId: randomUUID() })).id!)).getState()).toBe(
      'completed',
    );
    const [d] = (await rows(p.applicationId)).deliveries;
    expect(d).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await outboxRows()).toEqual([{ id: d.id, queue: Queues.NotificationDelivery, job_name: Jobs.Deliver.name }]);
    email.down = false;
    while ((await relay.publishBatch()) > 0);
    expect(await (await settle(deliveryQueue, d.id)).getState()).toBe('completed');
    expect((await rows(p.applicationId)).deliveries[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(email.sent.map((m) => m.deliveryId)).toEqual([d.id]);
    await db.query(`DELETE FROM outbox`);
  });

  async function expectRefused(id: string, applicationId: string): Promise<void> {
    const job = await settle(intruder, id);
    expect({ state: await job.getState(), attemptsMade: job.attemptsMade }).toEqual({ state: 'failed', attemptsMade: 1 });
    expect(job.failedReason).toMatch(/^BAD_SIGNATURE: notification\.requested\.v1 job .* carries no valid signature/);
    expect(await rows(applicationId)).toEqual({ who: [], messages: [], deliveries: [] });
    const [inbox] = (await db.query(`SELECT count(*)::int AS n FROM inbox WHERE message_id = $1`, [id])) as { n: number }[];
    expect(inbox.n).toBe(0);
  }

  it('refuses a request put straight into Redis without a signature: a dead letter, nothing stored or sent', async () => {
    const p = request({ kind: 'decision', data: { result: 'approved', permitNo: 'FORGED' } });
    const job = await intruder.add(Jobs.Notify.name, p, { jobId: randomUUID(), attempts: 5 });
    await expectRefused(job.id!, p.applicationId);
    expect(email.sent).toHaveLength(0);
  });

  it('refuses a genuinely signed request whose recipients were altered in Redis, and one signed with another key', async () => {
    const p = request({ recipients: { depts: ['pollution'] } });
    const signed = await queues.queue(Queues.Notification).add(Jobs.Notify.name, p, { jobId: randomUUID(), delay: 3_600_000 });
    const waiting = (await intruder.getJob(signed.id!))!;
    await waiting.updateData({ ...waiting.data, recipients: { creditCodes: [creditCode] } });
    await waiting.promote();
    await expectRefused(signed.id!, p.applicationId);
    const q = request();
    const id = randomUUID();
    const foreign = await intruder.add(Jobs.Notify.name, new QueueSigner('another deployment').seal(Queues.Notification, Jobs.Notify.name, id, q), {
      jobId: id,
    });
    await expectRefused(foreign.id!, q.applicationId);
    expect(email.sent).toHaveLength(0);
  });
});
