import { randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import IORedis from 'ioredis';
import { DataSource, EntityManager } from 'typeorm';
import { Jobs, StaffChangedV1 } from '@permits/contracts/jobs';
import { ManualClock } from '@permits/clock';
import { createServiceDataSource } from '@permits/persistence';
import { WorkingCalendar } from '@permits/workflow/calendar';
import { findDefinition } from '@permits/workflow/definitions';
import type { Actor } from '@permits/workflow/engine';
import { DATABASES, REDIS_PREFIX, REDIS_URL } from '../../../../test/support/env';
import { AuditKey } from '../audit';
import { CaseEffects, CaseRuntime } from '../case-runtime';
import { CaseRow, RUNTIME_ENTITIES } from '../entities';
import { RECUSED_ACTION } from './duties';
import { StaffChangedHandler } from './staff-jobs';
import { aRadiationCase } from '../testing/cases';

jest.setTimeout(60_000);

/**
 * The duty policy against real PostgreSQL: its facts come from the case's own rows and the service's copy of
 * the staff directory, so a second runtime (a restart, another replica) refuses what the first one would, and
 * a refusal writes nothing.
 */
describe('DutyPolicy in CaseRuntime', () => {
  const prefix = `${REDIS_PREFIX}-duties-${randomBytes(3).toString('hex')}`;
  const key = new AuditKey(Buffer.from('int-spec-audit-key'));
  const calendar = WorkingCalendar.create();
  const effects: CaseEffects = { statusOf: (row) => (row.state.status === 'completed' ? 'approved' : 'in_review'), apply: async () => undefined };
  const CC = '91350100M000100Y43';
  let db: DataSource;
  let redis: IORedis;
  let clock: ManualClock;
  const runtime = () =>
    new CaseRuntime(db, clock, effects, {
      taskPrefix: 'dp',
      definitions: (k, v) => findDefinition(k, v)!,
      calendar: () => calendar,
      timerJob: Jobs.TimerDue.discharge,
      auditKey: key,
    });

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const { url } = await DATABASES.fresh('duties');
    db = createServiceDataSource({ url, schema: 'discharge_permit', entities: RUNTIME_ENTITIES });
    await db.initialize();
    redis = new IORedis(REDIS_URL);
    clock = new ManualClock(redis, prefix, '2026-09-29T02:00:00.000Z');
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await db.destroy();
  });

  const start = async (caseId: string) =>
    db.transaction((tx: EntityManager) =>
      runtime().start(tx, aRadiationCase(caseId, { applicantCreditCode: CC }), { id: 'system:handover', roles: ['admin'] }, { correlationId: randomUUID() }),
    );
  const open = async (caseId: string, kind: string) =>
    ((await db.query(`SELECT id FROM tasks WHERE case_id = $1 AND status = 'open' AND kind = $2 ORDER BY id`, [caseId, kind])) as { id: string }[]).map(
      (t) => t.id,
    );
  const complete = (caseId: string, taskId: string, actor: Actor) =>
    runtime().execute(caseId, { type: 'CompleteTask', taskId, outcome: 'approve', actor }, { correlationId: randomUUID() });
  const auditCount = async (caseId: string) => (await db.getRepository(CaseRow).findOneByOrFail({ id: caseId })).auditCount;
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (err: { code?: string }) => err.code,
    );

  it('refuses the reviewer the vote and the decision from the tasks table, in any runtime instance, and writes nothing', async () => {
    const caseId = randomUUID();
    await start(caseId);
    const [review] = await open(caseId, 'review');
    await complete(caseId, review, { id: 'pat', roles: ['officer'], dept: 'radiation' });
    const [{ id: vote }] = (await db.query(`SELECT id FROM tasks WHERE case_id = $1 AND status = 'open' AND kind = 'countersign' AND dept = 'monitoring'`, [
      caseId,
    ])) as { id: string }[];
    const before = await auditCount(caseId);
    expect(await codeOf(complete(caseId, vote, { id: 'pat', roles: ['head'], dept: 'monitoring' }))).toBe('SAME_PERSON');
    expect(await auditCount(caseId)).toBe(before);
    expect(await open(caseId, 'countersign')).toContain(vote);
    for (const t of await open(caseId, 'countersign')) {
      const dept = ((await db.query(`SELECT dept FROM tasks WHERE id = $1`, [t])) as { dept: 'monitoring' | 'legal' }[])[0].dept;
      await complete(caseId, t, { id: `${dept}-1`, roles: ['officer'], dept });
    }
    const [decision] = await open(caseId, 'decision');
    expect(await codeOf(complete(caseId, decision, { id: 'quinn', roles: ['officer'], dept: 'approval' }))).toBe('HEAD_REQUIRED');
    expect(await codeOf(complete(caseId, decision, { id: 'pat', roles: ['head'], dept: 'approval' }))).toBe('SAME_PERSON');
    expect(await codeOf(complete(caseId, decision, { id: 'quinn', roles: ['head'], dept: 'approval' }))).toBe('ok');
  });

  it('keeps the directory copy from staff.changed.v1: a late lower revision never undoes a later one, a redelivery is a no-op', async () => {
    const handler = new StaffChangedHandler(Jobs.StaffChanged.discharge, db);
    const base: StaffChangedV1 = {
      userId: `mate-${randomUUID()}`,
      correlationId: randomUUID(),
      name: 'Mate',
      dept: 'radiation',
      roles: ['officer'],
      active: true,
      conflicts: [],
      revision: 2,
      changedAt: '2026-09-29T02:00:00.000Z',
      changedBy: 'admin-1',
    };
    await handler.handle({ ...base, conflicts: [CC] }, { messageId: `m-${randomUUID()}`, jobName: 'staff.changed.v1', attemptsMade: 0, lastChance: false });
    await handler.handle(
      { ...base, revision: 1, active: false },
      { messageId: `m-${randomUUID()}`, jobName: 'staff.changed.v1', attemptsMade: 0, lastChance: false },
    );
    const [row] = (await db.query(`SELECT revision, active, conflicts FROM staff_directory WHERE user_id = $1`, [base.userId])) as {
      revision: number;
      active: boolean;
      conflicts: string[];
    }[];
    expect(row).toEqual({ revision: 2, active: true, conflicts: [CC] });

    // the copy is what the policy reads: a transfer to them is refused for the conflict; to an unknown person, 422
    const caseId = randomUUID();
    await start(caseId);
    const [review] = await open(caseId, 'review');
    const head: Actor = { id: 'rad-head', roles: ['head'], dept: 'radiation' };
    expect(
      await codeOf(runtime().execute(caseId, { type: 'TransferTask', taskId: review, toUserId: base.userId, actor: head }, { correlationId: randomUUID() })),
    ).toBe('CONFLICT_OF_INTEREST');
    expect(
      await codeOf(runtime().execute(caseId, { type: 'TransferTask', taskId: review, toUserId: 'nobody', actor: head }, { correlationId: randomUUID() })),
    ).toBe('UNKNOWN_ASSIGNEE');
    const meta = { messageId: `m-${randomUUID()}`, jobName: 'staff.changed.v1', attemptsMade: 0, lastChance: false };
    await handler.handle({ ...base, revision: 3, conflicts: [] }, meta);
    await handler.handle({ ...base, revision: 3, conflicts: [CC] }, meta); // the same message again: the inbox drops it
    expect(
      await codeOf(runtime().execute(caseId, { type: 'TransferTask', taskId: review, toUserId: base.userId, actor: head }, { correlationId: randomUUID() })),
    ).toBe('ok');
  });

  it('lets the law act through the runtime (a deemed acceptance takes a held task: byLaw), never a person', async () => {
    const caseId = randomUUID();
    await start(caseId);
    const [review] = await open(caseId, 'review');
    await runtime().execute(
      caseId,
      { type: 'ClaimTask', taskId: review, actor: { id: 'sam', roles: ['officer'], dept: 'radiation' } },
      { correlationId: randomUUID() },
    );
    const system: Actor = { id: 'system:acceptance-limit', roles: ['admin'], dept: 'radiation' };
    expect(
      await codeOf(runtime().execute(caseId, { type: 'TransferTask', taskId: review, toUserId: system.id, actor: system }, { correlationId: randomUUID() })),
    ).toBe('UNKNOWN_ASSIGNEE');
    expect(
      await codeOf(
        runtime().execute(caseId, { type: 'TransferTask', taskId: review, toUserId: system.id, actor: system }, { correlationId: randomUUID(), byLaw: true }),
      ),
    ).toBe('ok');
  });

  it("a recusal (history and audit) makes the person stand aside, read from the case's own history", async () => {
    const caseId = randomUUID();
    await start(caseId);
    await runtime().note(
      caseId,
      { id: 'ray', roles: ['officer'], dept: 'radiation' },
      RECUSED_ACTION,
      { reason: 'former employee' },
      { correlationId: randomUUID() },
    );
    const audit = (await db.query(`SELECT action, actor, payload FROM audit_log WHERE case_id = $1 ORDER BY case_seq`, [caseId])) as {
      action: string;
      actor: string;
      payload: { input: unknown };
    }[];
    expect(audit[audit.length - 1]).toMatchObject({ action: 'recused', actor: 'ray', payload: { input: { reason: 'former employee' } } });
    const [review] = await open(caseId, 'review');
    expect(
      await codeOf(
        runtime().execute(
          caseId,
          { type: 'ClaimTask', taskId: review, actor: { id: 'ray', roles: ['officer'], dept: 'radiation' } },
          { correlationId: randomUUID() },
        ),
      ),
    ).toBe('CONFLICT_OF_INTEREST');
    expect(await codeOf(complete(caseId, review, { id: 'ray', roles: ['officer'], dept: 'radiation' }))).toBe('CONFLICT_OF_INTEREST');
    expect(await codeOf(complete(caseId, review, { id: 'sam', roles: ['officer'], dept: 'radiation' }))).toBe('ok');
  });
});
