import { randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { ManualClock } from '@permits/clock';
import { addToOutbox, createServiceDataSource } from '@permits/persistence';
import { WorkingCalendar } from '@permits/workflow/calendar';
import { extendStatutoryLimit } from '@permits/workflow/clock';
import { ACCEPTANCE, DEFINITION_UPGRADES, definitionFor, findDefinition, SUPERVISION_CHECK, SUPERVISION_CHECK_V2 } from '@permits/workflow/definitions';
import { DATABASES, REDIS_PREFIX, REDIS_URL } from '../../../test/support/env';
import { AuditKey, StoredAudit, verifyChain } from './audit';
import { CaseEffects, CaseRuntime } from './case-runtime';
import { upgradeRunningCases, UPGRADE_ACTOR } from './definition-upgrade';
import { rangeInstants } from './integrity';
import { integrityPart } from './integrity-part';
import { CaseRow, RUNTIME_ENTITIES } from './entities';
import { aRadiationCase } from './testing/cases';

jest.setTimeout(60_000);

/**
 * CaseRuntime against real PostgreSQL: a command's task, history, audit, case, timer and outbox rows are
 * written in a few multi-row statements; what they leave must be what one statement per row left.
 */
describe(CaseRuntime.name, () => {
  const prefix = `${REDIS_PREFIX}-runtime-${randomBytes(3).toString('hex')}`;
  const key = new AuditKey(Buffer.from('int-spec-audit-key'));
  const calendar = WorkingCalendar.create();
  const effects: CaseEffects = { statusOf: (row) => (row.state.status === 'completed' ? 'approved' : 'in_review'), apply: async () => undefined };
  const system = { id: 'system:handover', roles: ['admin' as const] };
  let db: DataSource;
  let redis: IORedis;
  let runtime: CaseRuntime;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const { url } = await DATABASES.fresh('runtime');
    db = createServiceDataSource({ url, schema: 'discharge_permit', entities: RUNTIME_ENTITIES });
    await db.initialize();
    redis = new IORedis(REDIS_URL);
    const clock = new ManualClock(redis, prefix, '2026-09-29T02:00:00.000Z');
    runtime = new CaseRuntime(db, clock, effects, {
      taskPrefix: 'dp',
      definitions: (k, v) => findDefinition(k, v)!,
      calendar: () => calendar,
      timerJob: Jobs.TimerDue.discharge,
      auditKey: key,
    });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await db.destroy();
  });

  const start = (caseId: string, withClock: boolean, licence: 'radiation_safety' | 'acceptance') =>
    db.transaction((tx: EntityManager) =>
      runtime.start(
        tx,
        aRadiationCase(caseId, { definition: licence === 'acceptance' ? ACCEPTANCE : definitionFor(licence)!, ...(withClock ? {} : { clock: null }) }),
        system,
        { correlationId: randomUUID() },
      ),
    );
  /** An officer of `dept` for this case (a name of their own per case) approves the task. */
  const approveAs = (caseId: string, taskId: string, dept: string) =>
    runtime.execute(
      caseId,
      { type: 'CompleteTask', taskId, outcome: 'approve', actor: { id: `${dept}-${caseId.slice(0, 8)}`, roles: ['officer'], dept } as never },
      { correlationId: randomUUID() },
    );
  const openTasks = async (caseId: string) =>
    (await db.query(`SELECT id, kind, dept, due_date::text AS due_date, status FROM tasks WHERE case_id = $1 AND status = 'open' ORDER BY created_at, id`, [
      caseId,
    ])) as { id: string; kind: string; dept: string; due_date: string | null }[];
  const chainHolds = async (caseId: string) => {
    const row = await db.getRepository(CaseRow).findOneByOrFail({ id: caseId });
    const entries = (
      (await db.query(`SELECT id, case_id, case_seq, at, actor, action, payload, prev_hash, hash, alg FROM audit_log WHERE case_id = $1 ORDER BY case_seq`, [
        caseId,
      ])) as Record<string, unknown>[]
    ).map((e): StoredAudit => ({
      id: String(e.id),
      caseId: e.case_id as string,
      caseSeq: e.case_seq as number,
      at: new Date(e.at as string).toISOString(),
      actor: e.actor as string,
      action: e.action as string,
      payload: e.payload as Record<string, unknown>,
      prevHash: e.prev_hash as string | null,
      hash: e.hash as string,
      alg: e.alg as StoredAudit['alg'],
    }));
    return { broken: verifyChain(entries, row.auditHead, row.auditCount, key), entries: entries.length, row };
  };

  it('starts a case without a clock (acceptance) and completes its task: task, history and audit rows as the events say', async () => {
    const caseId = randomUUID();
    await start(caseId, false, 'acceptance');
    const [task] = await openTasks(caseId);
    expect(task).toMatchObject({ kind: 'acceptance', due_date: null });
    await runtime.execute(
      caseId,
      { type: 'CompleteTask', taskId: task.id, outcome: 'accept', actor: { id: 'window-1', roles: ['officer'], dept: 'window' } as never },
      { correlationId: randomUUID(), input: { outcome: 'accept' } },
    );
    const [done] = (await db.query(`SELECT status, outcome, completed_by, completed_at FROM tasks WHERE id = $1`, [task.id])) as {
      status: string;
      outcome: string;
      completed_by: string;
      completed_at: Date | null;
    }[];
    expect(done).toMatchObject({ status: 'completed', outcome: 'accept', completed_by: 'window-1' });
    expect(done.completed_at).not.toBeNull();
    const history = ((await db.query(`SELECT action FROM case_history WHERE case_id = $1 ORDER BY id`, [caseId])) as { action: string }[]).map((h) => h.action);
    expect(history[0]).toBe('started:acceptance');
    expect(history).toContain('task_opened:acceptance');
    expect(history).toContain('acceptance:accept');
    expect(history.indexOf('task_opened:acceptance')).toBeLessThan(history.indexOf('acceptance:accept'));
    const chain = await chainHolds(caseId);
    expect(chain).toMatchObject({ broken: null, entries: 2 });
    expect(chain.row.version).toBe(2);
  });

  it('opens tasks with the case deadline, keeps the chain through several commands, and writes timers and wake-ups once', async () => {
    const caseId = randomUUID();
    await start(caseId, true, 'radiation_safety');
    const row = await db.getRepository(CaseRow).findOneByOrFail({ id: caseId });
    const [first] = await openTasks(caseId);
    expect(first.due_date).toBe(row.dueDate);
    const timers = (await db.query(`SELECT id FROM timers WHERE case_id = $1 AND fired_at IS NULL ORDER BY id`, [caseId])) as { id: string }[];
    expect(timers.map((t) => t.id)).toEqual([`${caseId}:sla_red:v1`, `${caseId}:sla_yellow:v1`]);
    const wakes = (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE job_name = $1 AND payload->>'timerId' LIKE $2`, [
      Jobs.TimerDue.discharge.name,
      `${caseId}:%`,
    ])) as { n: number }[];
    expect(wakes[0].n).toBe(2);

    // complete open tasks until the case ends or three commands ran
    for (let i = 0; i < 3; i++) {
      const open = await openTasks(caseId);
      if (open.length === 0) break;
      const t = open[0];
      await runtime.execute(
        caseId,
        { type: 'CompleteTask', taskId: t.id, outcome: 'approve', actor: { id: `${t.dept}-1`, roles: ['officer'], dept: t.dept } as never },
        { correlationId: randomUUID(), input: { outcome: 'approve' } },
      );
      for (const o of await openTasks(caseId))
        if (o.kind !== 'countersign') expect(o.due_date).toBe((await db.getRepository(CaseRow).findOneByOrFail({ id: caseId })).dueDate);
    }
    const chain = await chainHolds(caseId);
    expect(chain.broken).toBeNull();
    expect(chain.entries).toBe(chain.row.auditCount);
    expect(chain.entries).toBeGreaterThan(1);
    // the SLA wake-ups were not written again: the clock did not change
    const again = (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE job_name = $1 AND payload->>'timerId' LIKE $2`, [
      Jobs.TimerDue.discharge.name,
      `${caseId}:sla_%`,
    ])) as { n: number }[];
    expect(again[0].n).toBe(2);
  });
  it('moves a case onto another definition for good: the row says the version its state runs on, and the next command runs there', async () => {
    const caseId = randomUUID();
    const header = {
      caseId,
      definition: SUPERVISION_CHECK,
      licenseType: 'other' as const,
      subItemCode: 'supervision-check',
      applicantCreditCode: '91350100M000100Y43',
      applicantUserId: 'system',
      data: { inspectors: ['insp-a', 'insp-b'] },
      clock: null,
    };
    await db.transaction((tx: EntityManager) => runtime.start(tx, header, system, { correlationId: randomUUID() }));
    await runtime.execute(caseId, { type: 'Migrate', toDefinition: SUPERVISION_CHECK_V2, stepMapping: {}, actor: system }, { correlationId: randomUUID() });
    const row = await db.getRepository(CaseRow).findOneByOrFail({ id: caseId });
    expect({ key: row.definitionKey, version: row.definitionVersion }).toEqual({ key: 'supervision_check', version: 2 });
    const open = (await db.query(`SELECT id, assignee FROM tasks WHERE case_id = $1 AND status = 'open' ORDER BY assignee`, [caseId])) as {
      id: string;
      assignee: string;
    }[];
    expect(open.map((t) => t.assignee)).toEqual(['insp-a', 'insp-b']);
    await runtime.execute(
      caseId,
      { type: 'CompleteTask', taskId: open[0].id, outcome: 'approve', actor: { id: 'insp-a', roles: ['officer'], dept: 'enforcement' } },
      { correlationId: randomUUID() },
    );
    expect((await chainHolds(caseId)).broken).toBeNull();
  });

  /** The statements sent to PostgreSQL while `fn` runs (a wrapper on pg.Client#query; BEGIN and COMMIT included). */
  const statements = async (fn: () => Promise<unknown>): Promise<string[]> => {
    const sent: string[] = [];
    const original = Reflect.get(Client.prototype, 'query') as (...a: unknown[]) => unknown;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const q = args[0];
      sent.push(typeof q === 'string' ? q : String((q as { text?: string }).text));
      return original.apply(this, args);
    } as never);
    try {
      await fn();
    } finally {
      spy.mockRestore();
    }
    return sent.map((q) => q.trim().split(/\s+/).slice(0, 2).join(' '));
  };

  it('runs a task command in one read and one write: the duty facts come with the case, the timers and outbox rows with the write', async () => {
    const caseId = randomUUID();
    await start(caseId, true, 'radiation_safety');
    const [review] = await openTasks(caseId);
    const officer = { id: `radiation-${caseId.slice(0, 8)}`, roles: ['officer' as const], dept: 'radiation' as const };
    const sent = await statements(() =>
      runtime.execute(caseId, { type: 'CompleteTask', taskId: review.id, outcome: 'approve', actor: officer }, { correlationId: randomUUID() }),
    );
    // effects that may write rows of their own: the transaction begins after the read, before the write
    expect(sent).toEqual(['SELECT c.id,', 'START TRANSACTION', 'WITH c', 'COMMIT']);
    // the review opened the countersigns: their tasks, timers, wake-ups and task_assigned rows are in the write
    const countersigns = (await openTasks(caseId)).filter((t) => t.kind === 'countersign');
    expect(countersigns.length).toBeGreaterThan(1);
    const wakes = (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE job_name = $1 AND payload->>'timerId' LIKE $2`, [
      Jobs.TimerDue.discharge.name,
      `${caseId}:task_%`,
    ])) as { n: number }[];
    expect(wakes[0].n).toBe(countersigns.length * 2);
    const assigned = (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'kind' = 'task_assigned' AND payload->>'applicationId' = $1`, [
      caseId,
    ])) as { n: number }[];
    expect(assigned[0].n).toBe(1 + countersigns.length);
    expect((await chainHolds(caseId)).broken).toBeNull();

    // effects that only add outbox rows: their rows go in the write, which is the whole command (no transaction around it)
    const lean = new CaseRuntime(
      db,
      new ManualClock(redis, prefix, '2026-09-29T02:00:00.000Z'),
      {
        ...effects,
        outboxOnly: true,
        apply: (tx, row, events, ctx) =>
          addToOutbox(
            tx,
            Queues.Notification,
            Jobs.Notify,
            { kind: 'decision', applicationId: row.id, correlationId: ctx.correlationId, recipients: {}, data: { marker: 'lean' } },
            {
              correlationId: ctx.correlationId,
            },
          ).then(() => undefined),
      },
      { taskPrefix: 'dp', definitions: (k, v) => findDefinition(k, v)!, calendar: () => calendar, timerJob: Jobs.TimerDue.discharge, auditKey: key },
    );
    const [first] = countersigns;
    const vote = await statements(() =>
      lean.execute(
        caseId,
        { type: 'CompleteTask', taskId: first.id, outcome: 'approve', actor: { id: `${first.dept}-1`, roles: ['officer'], dept: first.dept } as never },
        { correlationId: randomUUID() },
      ),
    );
    expect(vote).toEqual(['SELECT c.id,', 'WITH c']);
    const mine = (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->'data'->>'marker' = 'lean' AND payload->>'applicationId' = $1`, [
      caseId,
    ])) as {
      n: number;
    }[];
    expect(mine[0].n).toBe(1);
    expect((await chainHolds(caseId)).broken).toBeNull();
  });

  it('lets concurrent commands on one case race without a lock: the one that read a moved version runs again, each once, the chain whole', async () => {
    const caseId = randomUUID();
    await start(caseId, true, 'radiation_safety');
    const [review] = await openTasks(caseId);
    await approveAs(caseId, review.id, 'radiation');
    const countersigns = (await openTasks(caseId)).filter((t) => t.kind === 'countersign');
    const before = (await chainHolds(caseId)).row.version;
    await Promise.all(countersigns.map((t) => approveAs(caseId, t.id, t.dept)));
    const chain = await chainHolds(caseId);
    expect(chain.broken).toBeNull();
    expect(chain.row.version).toBe(before + countersigns.length);
    const done = (await db.query(`SELECT count(*)::int AS n FROM tasks WHERE case_id = $1 AND kind = 'countersign' AND status = 'completed'`, [caseId])) as {
      n: number;
    }[];
    expect(done[0].n).toBe(countersigns.length);
    expect((await openTasks(caseId)).map((t) => t.kind)).toEqual(['decision']);
    // the same command twice at once with one idempotency key: both answered, done once
    const [decision] = await openTasks(caseId);
    const head = { id: 'approval-head-1', roles: ['head' as const], dept: 'approval' as const };
    const idempotencyKey = randomUUID();
    const both = await Promise.allSettled(
      [1, 2].map(() =>
        runtime.execute(
          caseId,
          { type: 'CompleteTask', taskId: decision.id, outcome: 'approve', actor: head, idempotencyKey },
          { correlationId: randomUUID() },
        ),
      ),
    );
    expect(both.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const history = (await db.query(`SELECT count(*)::int AS n FROM case_history WHERE case_id = $1 AND action LIKE 'decision:%'`, [caseId])) as {
      n: number;
    }[];
    expect(history[0].n).toBe(1);
    expect((await chainHolds(caseId)).broken).toBeNull();
  });

  it('moves the version on every update of a case, whoever writes it: a write beside the runtime cannot leave it or take it back', async () => {
    const caseId = randomUUID();
    await start(caseId, true, 'radiation_safety');
    const version = async () => (await db.getRepository(CaseRow).findOneByOrFail({ id: caseId })).version;
    const v0 = await version();
    // a writer that forgot the version (a script, an insider's UPDATE): the database moves it
    await db.query(`UPDATE cases SET sla_level = 'red' WHERE id = $1`, [caseId]);
    expect(await version()).toBe(v0 + 1);
    // one that tries to put it back, or lower, so a command that read the old case would still write: moved instead
    await db.query(`UPDATE cases SET version = version - 5 WHERE id = $1`, [caseId]);
    expect(await version()).toBe(v0 + 2);
    // one that moves it itself, as the runtime does: once, not twice
    await db.query(`UPDATE cases SET version = version + 1 WHERE id = $1`, [caseId]);
    expect(await version()).toBe(v0 + 3);
    const [review] = await openTasks(caseId);
    await approveAs(caseId, review.id, 'radiation');
    expect(await version()).toBe(v0 + 4);
    expect((await chainHolds(caseId)).broken).toBeNull();
  });

  describe('upgrading running cases onto the definitions in force', () => {
    const officer = (dept: string, id = `${dept}-1`) => ({ id, roles: ['officer' as const], dept }) as never;
    const startV1 = (caseId: string) =>
      db.transaction((tx: EntityManager) =>
        runtime.start(tx, aRadiationCase(caseId, { definition: findDefinition('radiation_safety', 1)! }), system, { correlationId: randomUUID() }),
      );
    const radiation = DEFINITION_UPGRADES.filter((u) => u.from.key === 'radiation_safety');

    it('moves an open v1 case once (audited, in the staff history), keeps its open task, and its section reject then goes to the decision', async () => {
      const caseId = randomUUID();
      await startV1(caseId);
      const closedId = randomUUID();
      await startV1(closedId);
      await db.query(`UPDATE cases SET closed_at = now() WHERE id = $1`, [closedId]); // a closed case is never moved
      const [review] = await openTasks(caseId);

      const [first, second] = await Promise.all([upgradeRunningCases(db, runtime, radiation), upgradeRunningCases(db, runtime, radiation)]);
      expect(first.moved + second.moved).toBe(1); // two workers starting together: moved once
      expect(first.failed + second.failed).toBe(0);
      expect(await upgradeRunningCases(db, runtime, radiation)).toEqual({ moved: 0, failed: 0 });

      const row = await db.getRepository(CaseRow).findOneByOrFail({ id: caseId });
      expect(row).toMatchObject({ definitionVersion: 2 });
      expect((await db.getRepository(CaseRow).findOneByOrFail({ id: closedId })).definitionVersion).toBe(1);
      expect((await openTasks(caseId)).map((t) => t.id)).toEqual([review.id]);
      const audit = (await db.query(`SELECT actor, action, payload FROM audit_log WHERE case_id = $1 ORDER BY case_seq`, [caseId])) as {
        actor: string;
        action: string;
        payload: { input: { to: { version: number } } };
      }[];
      expect(audit[audit.length - 1]).toMatchObject({ actor: UPGRADE_ACTOR.id, action: 'Migrate', payload: { input: { to: { version: 2 } } } });
      expect((await chainHolds(caseId)).broken).toBeNull();
      const history = (await db.query(`SELECT action FROM case_history WHERE case_id = $1 ORDER BY id`, [caseId])) as { action: string }[];
      expect(history.map((h) => h.action)).toContain('migrated');

      await runtime.execute(
        caseId,
        { type: 'CompleteTask', taskId: review.id, outcome: 'reject', actor: officer('radiation') },
        { correlationId: randomUUID() },
      );
      const after = await db.getRepository(CaseRow).findOneByOrFail({ id: caseId });
      expect(after.state).toMatchObject({ status: 'running', currentStepId: 'decision' });
      expect((await openTasks(caseId)).map((t) => t.kind)).toEqual(['decision']);
    });
  });

  it("records the integrity report's facts with the commands that make them: a claim, countersign departments added and removed, a recusal, an extension", async () => {
    const caseId = randomUUID();
    await start(caseId, true, 'radiation_safety');
    const officer = { id: `radiation-${caseId.slice(0, 8)}`, roles: ['officer' as const], dept: 'radiation' as const };
    const head = { id: 'approval-head-1', roles: ['head' as const], dept: 'approval' as const };
    const [review] = await openTasks(caseId);
    const cid = () => ({ correlationId: randomUUID() });
    await runtime.execute(caseId, { type: 'ClaimTask', taskId: review.id, actor: officer }, cid());
    await runtime.execute(caseId, { type: 'CompleteTask', taskId: review.id, outcome: 'approve', actor: officer }, cid());
    await runtime.execute(caseId, { type: 'AddSigners', signers: ['solid_waste'], actor: head }, cid());
    await runtime.execute(caseId, { type: 'RemoveSigners', signers: ['legal'], actor: head }, cid());
    await runtime.note(caseId, officer, 'recused', { reason: 'my brother works there' }, { correlationId: randomUUID() });
    await runtime.changeClock(
      caseId,
      head,
      'extended',
      (c, today, cal) => extendStatutoryLimit(c, { days: 5, reason: 'expert opinion', by: head.id }, today, cal),
      { correlationId: randomUUID(), input: { days: 5, reason: 'expert opinion' } },
    );

    const part = await integrityPart(db, rangeInstants());
    const mine = <T extends { caseId: string }>(items: T[]) => items.filter((i) => i.caseId === caseId);
    expect(mine(part.recusals)).toEqual([expect.objectContaining({ applicationId: caseId, userId: officer.id, detail: { reason: 'my brother works there' } })]);
    expect(
      mine(part.overrides)
        .map((i) => [i.userId, i.detail.kind])
        .sort(),
    ).toEqual([
      [head.id, 'countersign_added'],
      [head.id, 'countersign_removed'],
      [head.id, 'extension'],
    ]);
    expect(part.assignments.filter((g) => g.userId === officer.id)).toEqual([
      { userId: officer.id, creditCode: '91350100M000100Y43', year: 2026, cases: [{ caseId, applicationId: caseId }] },
    ]);
    // the recusal is in the staff history and the audit chain, which still holds
    const history = (await db.query(`SELECT action, detail FROM case_history WHERE case_id = $1 AND action = 'recused'`, [caseId])) as {
      action: string;
      detail: unknown;
    }[];
    expect(history).toEqual([{ action: 'recused', detail: { reason: 'my brother works there' } }]);
    expect((await chainHolds(caseId)).broken).toBeNull();
    // a range that ends before today lists none of it
    const before = await integrityPart(db, rangeInstants('2026-01-01', '2026-09-28'));
    expect(mine(before.overrides)).toEqual([]);
  });
});
