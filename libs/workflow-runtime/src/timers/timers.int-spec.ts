import { randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import IORedis from 'ioredis';
import { DataSource, EntityManager } from 'typeorm';
import { Jobs } from '@permits/contracts/jobs';
import { ManualClock } from '@permits/clock';
import { createServiceDataSource, OutboxRelay } from '@permits/persistence';
import { QueueClient, QueueSigner } from '@permits/queue';
import { WorkingCalendar } from '@permits/workflow/calendar';
import { findDefinition } from '@permits/workflow/definitions';
import { DATABASES, REDIS_PREFIX, REDIS_URL } from '../../../../test/support/env';
import { CaseEffects, CaseRuntime } from '../case-runtime';
import { AuditKey } from '../audit';
import { CaseRow, RUNTIME_ENTITIES } from '../entities';
import { wakeJobId } from './timer-plan';
import { TimerService } from './timer.service';
import { aRadiationCase } from '../testing/cases';

jest.setTimeout(60_000);

/**
 * The timers against real PostgreSQL and Redis, without the worker process: Redis loses the wake-ups (and
 * the manual clock moves without its notice), and the reconciliation the worker runs every minute and at
 * start still fires what fell due, once, and restores the wake-ups about to be needed.
 */
describe('TimerService reconciliation', () => {
  const prefix = `${REDIS_PREFIX}-timers-${randomBytes(3).toString('hex')}`;
  const job = Jobs.TimerDue.discharge;
  const calendar = WorkingCalendar.create();
  const effects: CaseEffects = { statusOf: (row) => (row.state.status === 'completed' ? 'approved' : 'in_review'), apply: async () => undefined };
  let db: DataSource;
  let redis: IORedis;
  let queues: QueueClient;
  let clock: ManualClock;
  let runtime: CaseRuntime;
  let timers: TimerService;
  const signer = new QueueSigner('timers-int-spec-queue-key');
  const caseId = randomUUID();

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const { url } = await DATABASES.fresh('timers');
    db = createServiceDataSource({ url, schema: 'discharge_permit', entities: RUNTIME_ENTITIES });
    await db.initialize();
    redis = new IORedis(REDIS_URL);
    queues = new QueueClient(REDIS_URL, prefix, 1000, signer);
    clock = new ManualClock(redis, prefix, '2026-09-29T02:00:00.000Z');
    runtime = new CaseRuntime(db, clock, effects, {
      taskPrefix: 'dp',
      definitions: (k, v) => findDefinition(k, v)!,
      calendar: () => calendar,
      timerJob: job,
      auditKey: new AuditKey(Buffer.from('int-spec-audit-key')),
    });
    timers = new TimerService(db, clock, runtime, queues, { get: () => calendar }, job);

    // a radiation licence accepted on 2026-09-29: yellow on 10-15 (8th counted day), red on 11-03
    await db.transaction((tx: EntityManager) =>
      runtime.start(tx, aRadiationCase(caseId), { id: 'system:handover', roles: ['admin'] }, { correlationId: randomUUID() }),
    );
    const relay = new OutboxRelay(db, queues);
    while ((await relay.publishBatch()) > 0);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await queues.close();
    redis.disconnect();
    await db.destroy();
  });

  const yellow = { id: `${caseId}:sla_yellow:v1`, dueAt: new Date('2026-10-14T16:00:00.000Z') };
  const red = { id: `${caseId}:sla_red:v1`, dueAt: new Date('2026-11-02T16:00:00.000Z') };
  const wakeUp = (t: { id: string; dueAt: Date }) => queues.queue(job.queue).getJob(wakeJobId(t.id, t.dueAt));
  const loseRedis = async () => {
    const keys = (await redis.keys(`${prefix}:*`)).filter((k) => k !== clock.key);
    if (keys.length) await redis.del(...keys);
  };
  /** The manual clock moved without its notice: nothing swept it. */
  const setClock = (iso: string) => redis.set(clock.key, String(Date.parse(iso)));
  const yellowAlerts = async () =>
    (await db.query(`SELECT payload FROM outbox WHERE job_name = $1 AND payload->>'kind' = 'sla_yellow' AND payload->>'applicationId' = $2`, [
      Jobs.Notify.name,
      caseId,
    ])) as { payload: { recipients: unknown } }[];

  it('keeps each due time in PostgreSQL with a delayed wake-up in Redis', async () => {
    const rows = (await db.query(`SELECT id, due_at FROM timers WHERE case_id = $1 AND fired_at IS NULL ORDER BY due_at`, [caseId])) as {
      id: string;
      due_at: Date;
    }[];
    expect(rows.map((r) => [r.id, new Date(r.due_at).toISOString()])).toEqual([
      [yellow.id, yellow.dueAt.toISOString()],
      [red.id, red.dueAt.toISOString()],
    ]);
    expect(await wakeUp(yellow)).toBeTruthy();
    expect(await wakeUp(red)).toBeTruthy();
  });

  it('fires a due timer whose wake-up was lost with Redis, once, when reconciling', async () => {
    await loseRedis();
    expect(await wakeUp(yellow)).toBeFalsy();
    await setClock('2026-10-15T02:00:00.000Z');

    expect((await timers.reconcile(120_000)).fired).toBe(1);
    const row = await db.getRepository(CaseRow).findOneByOrFail({ id: caseId });
    expect(row).toMatchObject({ slaLevel: 'yellow', slaAlertedLevel: 'yellow', dueDate: '2026-10-19' });
    const [timer] = (await db.query(`SELECT fired_at, data FROM timers WHERE id = $1`, [yellow.id])) as { fired_at: Date | null; data: { outcome: string } }[];
    expect(timer.fired_at).not.toBeNull();
    expect(timer.data.outcome).toBe('applied');
    expect(await yellowAlerts()).toEqual([{ payload: expect.objectContaining({ recipients: { depts: ['radiation'] } }) }]);

    // reconciling again, or a late wake-up of the same timer, does nothing more
    expect((await timers.reconcile(120_000)).fired).toBe(0);
    expect(await timers.fireOne(yellow.id)).toBe(false);
    expect(await yellowAlerts()).toHaveLength(1);
  });

  it('restores the wake-up of a timer about to fall due', async () => {
    await loseRedis();
    await setClock('2026-11-02T15:59:00.000Z'); // a minute before red
    expect((await timers.reconcile(120_000)).rewoken).toBe(1);
    const job = await wakeUp(red);
    // signed like every job (QUEUE_KEY): the consumer checks it before anything else
    expect(signer.open(job!.queueName as never, job!.name, job!.id, job!.data)).toEqual({ timerId: red.id, correlationId: `timer:${red.id}` });
    expect(job?.opts.delay).toBe(60_000);
  });

  it('does nothing for a timer of a superseded clock version', async () => {
    await db.query(`INSERT INTO timers (id, case_id, kind, data, due_at) VALUES ($1, $2, 'sla_red', $3, $4)`, [
      `${caseId}:sla_red:v0`,
      caseId,
      JSON.stringify({ clockVersion: 0, level: 'red', on: '2026-10-01' }),
      new Date('2026-09-30T16:00:00.000Z'),
    ]);
    const before = await db.getRepository(CaseRow).findOneByOrFail({ id: caseId });
    expect(await timers.fireOne(`${caseId}:sla_red:v0`)).toBe(true);
    const [timer] = (await db.query(`SELECT data FROM timers WHERE id = $1`, [`${caseId}:sla_red:v0`])) as { data: { outcome: string } }[];
    expect(timer.data.outcome).toBe('stale');
    const after = await db.getRepository(CaseRow).findOneByOrFail({ id: caseId });
    expect(after).toMatchObject({ version: before.version, slaLevel: 'yellow', slaAlertedLevel: 'yellow' });
  });

  it('retries a timer whose handling fails on the next sweeps, then gives it up without blocking the others', async () => {
    timers.register({
      kind: 'always_fails',
      fire: async () => {
        throw new Error('boom');
      },
    });
    const due = new Date('2026-11-01T00:00:00.000Z');
    await db.query(`INSERT INTO timers (id, case_id, kind, data, due_at) VALUES ($1, $2, 'always_fails', '{}', $3), ($4, $2, 'sla_red', $5, $3)`, [
      `${caseId}:poison`,
      caseId,
      due,
      `${caseId}:sla_red:v0-late`,
      JSON.stringify({ clockVersion: 0 }),
    ]);
    expect(await timers.sweep()).toBe(1); // the other timer fires; the poison one is retried later
    const state = async () =>
      (
        (await db.query(`SELECT fired_at, data FROM timers WHERE id = $1`, [`${caseId}:poison`])) as {
          fired_at: Date | null;
          data: { attempts?: number; outcome?: string; lastError?: string };
        }[]
      )[0];
    expect(await state()).toMatchObject({ fired_at: null, data: { attempts: 1, lastError: 'boom' } });
    for (let i = 0; i < 4; i++) await timers.sweep();
    const given = await state();
    expect(given.fired_at).not.toBeNull();
    expect(given.data).toMatchObject({ attempts: 5, outcome: 'failed' });
  });

  it('moves a timer counted in days when the calendar changes, and lets its kind update its own rows in the same transaction', async () => {
    const later = new Date('2027-01-14T16:00:00.000Z');
    timers.register({
      kind: 'counted_in_days',
      fire: () => Promise.resolve('applied'),
      dueAgain: () => later,
      moved: async (tx, timer, dueAt) => {
        await tx.query(`UPDATE timers SET data = data || jsonb_build_object('seen', $2::text) WHERE id = $1`, [timer.id, dueAt.toISOString()]);
      },
    });
    const id = `${caseId}:counted`;
    await db.query(`INSERT INTO timers (id, case_id, kind, data, due_at) VALUES ($1, $2, 'counted_in_days', '{}', $3)`, [
      id,
      caseId,
      new Date('2027-01-08T16:00:00.000Z'),
    ]);
    const row = async () => ((await db.query(`SELECT due_at, data FROM timers WHERE id = $1`, [id])) as { due_at: Date; data: { seen?: string } }[])[0];

    expect((await timers.recomputeAll(randomUUID(), { year: 2027 })).timersMoved).toBeGreaterThanOrEqual(1);
    expect(await row()).toEqual({ due_at: later, data: { seen: later.toISOString() } });
    // already where the calendar puts it: neither moved nor told again
    await db.query(`UPDATE timers SET data = '{}' WHERE id = $1`, [id]);
    await timers.recomputeAll(randomUUID(), { year: 2027 });
    expect(await row()).toEqual({ due_at: later, data: {} });
  });
});
