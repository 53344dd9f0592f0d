import { randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Job, Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { CaseStatusChangedV1, Jobs, Queues } from '@permits/contracts/jobs';
import { addToOutbox, createServiceDataSource, OutboxRelay } from '@permits/persistence';
import { QueueClient, QueueSigner, SIGNATURE_FIELD, startConsumer } from '@permits/queue';
import { DATABASES, REDIS_PREFIX, REDIS_URL } from '../../../../test/support/env';
import { INTAKE_ENTITIES, INTAKE_SCHEMA } from '../data-source';
import { AuditKey, AuditRecords } from '@permits/workflow-runtime';
import { APPLICATION_AUDIT_RECORDS } from './application-audit';
import { RecordCaseStatusHandler } from './commands/record-case-status';
import { CaseStatusChangedHandler } from './status.handler';

jest.setTimeout(60_000);

/**
 * The attack against real PostgreSQL and Redis: someone who can write to Redis adds a
 * `case.status-changed.v1` job to intake's queue to mark an application approved under a decision number of
 * their choosing. Intake's consumer refuses every job its deployment did not sign (unsigned, altered, moved
 * from another queue, replayed under another id, signed with another key) as a dead letter with code
 * BAD_SIGNATURE, before validation and the inbox: the application, its decision number and the inbox stay as
 * they were. A job the relay published from the outbox goes through.
 */
describe('signed queue jobs (intake consumer)', () => {
  const prefix = `${REDIS_PREFIX}-signed-${randomBytes(3).toString('hex')}`;
  const signer = new QueueSigner('signed-jobs-int-spec-queue-key-0123456789');
  let db: DataSource;
  let queues: QueueClient;
  let relay: OutboxRelay;
  let worker: Worker;
  let connection: IORedis;
  /** What an intruder holds: a plain BullMQ queue on the same Redis, no key. */
  let intruder: Queue;
  let applicationId: string;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const { url } = await DATABASES.fresh('signed-jobs');
    db = createServiceDataSource({ url, schema: INTAKE_SCHEMA, entities: INTAKE_ENTITIES });
    await db.initialize();
    queues = new QueueClient(REDIS_URL, prefix, 1000, signer);
    relay = new OutboxRelay(db, queues, { listen: false });
    // the consumer's command, without the rest of the application: a bus with its one handler
    const record = new RecordCaseStatusHandler(db, new AuditRecords(new AuditKey(Buffer.from('signed-jobs-int-spec-key')), APPLICATION_AUDIT_RECORDS));
    const bus = { execute: (command: Parameters<RecordCaseStatusHandler['execute']>[0]) => record.execute(command) } as unknown as CommandBus;
    worker = startConsumer({
      queue: Queues.Intake,
      handlers: [new CaseStatusChangedHandler(bus)],
      redis: REDIS_URL,
      signer,
      prefix,
    });
    connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
    intruder = new Queue(Queues.Intake, { connection, prefix });
  });
  afterAll(async () => {
    await worker?.close();
    await intruder?.close();
    for (const q of [Queues.Intake, Queues.DischargePermit]) await queues?.queue(q).obliterate({ force: true });
    await queues?.connection.del(relay.epochKey);
    await queues?.close();
    connection?.disconnect();
    await db?.destroy();
  });
  beforeEach(async () => {
    applicationId = randomUUID();
    await db.query(
      `INSERT INTO applications (id, credit_code, applicant_name, applicant_user_id, sub_item_code, license_type, project, materials, status, owner, channel, received_on, created_at, updated_at)
       VALUES ($1, '91350100M000100Y43', 'An Enterprise', 'u-1', 'HB-002-01', 'discharge_permit', '{}', '[]', 'in_review', 'discharge-permit', 'portal', '2026-11-02', now(), now())`,
      [applicationId],
    );
  });

  const approval = (over: Partial<CaseStatusChangedV1> = {}): CaseStatusChangedV1 => ({
    applicationId,
    correlationId: randomUUID(),
    status: 'approved',
    at: new Date().toISOString(),
    decisionNo: `FORGED-${randomUUID().slice(0, 8)}`,
    ...over,
  });

  /** The application row and whether intake's inbox recorded any of `ids`. */
  async function state(...ids: string[]): Promise<{ status: string; decisionNo: string | null; updatedAt: string; inbox: number }> {
    const [a] = (await db.query(`SELECT status, decision_no, updated_at::text FROM applications WHERE id = $1`, [applicationId])) as {
      status: string;
      decision_no: string | null;
      updated_at: string;
    }[];
    const [i] = (await db.query(`SELECT count(*)::int AS n FROM inbox WHERE message_id = ANY($1)`, [ids])) as { n: number }[];
    return { status: a.status, decisionNo: a.decision_no, updatedAt: a.updated_at, inbox: i.n };
  }

  /** Waits until the job completed or failed for good. */
  async function settle(id: string): Promise<Job> {
    const until = Date.now() + 30_000;
    for (;;) {
      const job = await intruder.getJob(id);
      const s = await job?.getState();
      // read again: the job read before its state may be older than the state
      if (job && (s === 'completed' || s === 'failed')) return (await intruder.getJob(id))!;
      if (Date.now() > until) throw new Error(`job ${id} did not settle (${s ?? 'missing'})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function expectRefused(id: string, before: Awaited<ReturnType<typeof state>>): Promise<void> {
    const job = await settle(id);
    expect({ state: await job.getState(), attemptsMade: job.attemptsMade }).toEqual({ state: 'failed', attemptsMade: 1 });
    expect(job.failedReason).toMatch(/^BAD_SIGNATURE: case\.status-changed\.v1 job .* carries no valid signature/);
    expect(await state(id)).toEqual(before);
  }

  it('handles a job the relay published from the outbox (signed with QUEUE_KEY)', async () => {
    const id = await db.transaction((tx) => addToOutbox(tx, Queues.Intake, Jobs.CaseStatusChanged, approval({ decisionNo: 'HB-2026-0001' })));
    while ((await relay.publishBatch()) > 0);
    const job = await settle(id);
    expect(await job.getState()).toBe('completed');
    expect(job.data[SIGNATURE_FIELD]).toMatch(/^v1\.[0-9a-f]{64}$/);
    expect(await state(id)).toMatchObject({ status: 'approved', decisionNo: 'HB-2026-0001', inbox: 1 });
  });

  it('refuses a job added straight into Redis without a signature: a dead letter, nothing changed', async () => {
    const before = await state();
    const job = await intruder.add(Jobs.CaseStatusChanged.name, approval(), { jobId: randomUUID(), attempts: 5 });
    await expectRefused(job.id!, before);
  });

  it('refuses a genuinely signed job whose payload was altered in Redis', async () => {
    const before = await state();
    // a signed wake-up-like job waiting in Redis (delayed), then rewritten there and promoted
    const signed = await queues
      .queue(Queues.Intake)
      .add(Jobs.CaseStatusChanged.name, approval({ status: 'in_review', decisionNo: undefined }), { jobId: randomUUID(), delay: 3_600_000 });
    const waiting = (await intruder.getJob(signed.id!))!;
    await waiting.updateData({ ...waiting.data, status: 'approved', decisionNo: 'FORGED-ALTERED' });
    await waiting.promote();
    await expectRefused(signed.id!, before);
  });

  it("refuses a job signed for another queue, or replayed under another id, or signed with another deployment's key", async () => {
    const before = await state();
    // signed for discharge-permit's queue, then copied into intake's
    const elsewhere = await queues.queue(Queues.DischargePermit).add(Jobs.CaseStatusChanged.name, approval(), { jobId: randomUUID(), delay: 3_600_000 });
    const moved = await intruder.add(Jobs.CaseStatusChanged.name, elsewhere.data, { jobId: elsewhere.id });
    // a job signed for intake under one id, added again under another
    const genuine = signer.seal(Queues.Intake, Jobs.CaseStatusChanged.name, randomUUID(), approval());
    const replayed = await intruder.add(Jobs.CaseStatusChanged.name, genuine, { jobId: randomUUID() });
    // a key that is not this deployment's
    const id = randomUUID();
    const foreign = await intruder.add(
      Jobs.CaseStatusChanged.name,
      new QueueSigner('another deployment').seal(Queues.Intake, Jobs.CaseStatusChanged.name, id, approval()),
      { jobId: id },
    );
    for (const job of [moved, replayed, foreign]) await expectRefused(job.id!, before);
  });

  it('keeps a retried job verifiable: the retry keeps its data, name and id', async () => {
    // signed, but a payload no handler accepts: a dead letter for that reason, not for its signature
    const job = await queues
      .queue(Queues.Intake)
      .add(
        Jobs.CaseStatusChanged.name,
        { applicationId, correlationId: randomUUID(), status: 'no-such-status', at: new Date().toISOString() },
        { jobId: randomUUID() },
      );
    const failed = await settle(job.id!);
    expect(failed.failedReason).toMatch(/^invalid case\.status-changed\.v1 payload: status/);
    await failed.retry('failed');
    const until = Date.now() + 30_000;
    let again = failed;
    while (again.attemptsMade < 2 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
      again = (await intruder.getJob(job.id!))!;
    }
    again = await settle(job.id!);
    expect({ attemptsMade: again.attemptsMade, failedReason: again.failedReason }).toEqual({
      attemptsMade: 2,
      failedReason: expect.stringMatching(/^invalid case\.status-changed\.v1 payload: status/),
    });
  });
});
