import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnrecoverableError } from 'bullmq';
import { SystemClock } from '@permits/clock';
import { Jobs, Queues, TaskIndexChangedV1 } from '@permits/contracts/jobs';
import { createServiceDataSource } from '@permits/persistence';
import { QueueSigner, validatePayload, verifiedPayload } from '@permits/queue';
import { BundledCalendar } from '@permits/workflow-runtime/calendar.source';
import { DATABASES } from '../../../../test/support/env';
import { taskIndexDataSourceOptions } from './data-source';
import { TaskInboxQueries } from './inbox.queries';
import { applyTaskChange, applyTaskChanges } from './projector';

jest.setTimeout(60_000);

const user = (id: string, dept: string) => ({ id, dept, roles: ['officer'] }) as never;

/**
 * The feed (the case services' triggers) and the projector against real PostgreSQL: a row written straight into a
 * service's tasks table reaches the outbox in its transaction; the index applies each message once, keeps the newest
 * version, drops a closed task from every inbox, and lists exactly what the services' own inbox would.
 */
describe('task index', () => {
  let service: DataSource; // discharge_permit, the admin's rights (writes as any path could)
  let index: DataSource; // task_index, as the gateway's role
  let inbox: TaskInboxQueries;
  let n = 0;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const { url } = await DATABASES.fresh('task-index');
    service = createServiceDataSource({ url, schema: 'discharge_permit', entities: [] });
    index = new DataSource(taskIndexDataSourceOptions(url));
    await Promise.all([service.initialize(), index.initialize()]);
    // off until the index is turned on (npm run task-index:rebuild): nothing is queued then
    const before = await service.query(`SELECT count(*)::int AS n FROM outbox WHERE queue = 'task-index'`);
    await aTask(await aCase(), 'legal');
    expect(await service.query(`SELECT count(*)::int AS n FROM outbox WHERE queue = 'task-index'`)).toEqual(before);
    await service.query(`SELECT task_index_enable()`);
    inbox = new TaskInboxQueries(index, new SystemClock(), new BundledCalendar());
  });
  afterAll(async () => {
    await Promise.all([service.destroy(), index.destroy()]);
  });

  async function aCase(level = 'green'): Promise<string> {
    const id = `case-${++n}-${Date.now()}`;
    await service.query(
      `INSERT INTO cases (id, definition_key, definition_version, license_type, sub_item_code, applicant_credit_code, applicant_user_id, status, state, sla_level, version, updated_at)
       VALUES ($1, 'pollutant_discharge', 2, 'pollutant_discharge', 'x', 'x', 'x', 'in_review', '{}', $2, 1, now())`,
      [id, level],
    );
    return id;
  }
  async function aTask(caseId: string, dept: string, over: { kind?: string; assignee?: string | null } = {}): Promise<string> {
    const id = `dp_t${++n}-${Date.now()}`;
    await service.query(
      `INSERT INTO tasks (id, case_id, kind, step_id, dept, assignee, status, created_at) VALUES ($1, $2, $3, 'review', $4, $5, 'open', now())`,
      [id, caseId, over.kind ?? 'review', dept, over.assignee ?? null],
    );
    return id;
  }
  /** The messages the feed wrote for a task since `after`, oldest first. */
  async function messages(taskId: string): Promise<{ id: string; payload: TaskIndexChangedV1 }[]> {
    return service.query(`SELECT id, payload FROM outbox WHERE queue = 'task-index' AND payload->>'taskId' = $1 ORDER BY (payload->>'version')::bigint`, [
      taskId,
    ]);
  }
  const valid = (p: unknown) => validatePayload(Jobs.TaskIndexChanged, p);
  async function project(taskId: string): Promise<void> {
    for (const m of await messages(taskId)) await applyTaskChange(index, valid(m.payload), m.id);
  }
  const ids = async (u: ReturnType<typeof user>, q: Record<string, unknown> = {}) => (await inbox.open(u, { limit: 100, ...q })).items.map((t) => t.id);

  it('writes a task straight into the tasks table: its message is in the outbox of that transaction, and it shows in its department only', async () => {
    const c = await aCase();
    const t = await aTask(c, 'legal');
    const [m] = await messages(t);
    expect(valid(m.payload)).toMatchObject({
      taskId: t,
      open: true,
      caseId: c,
      dept: 'legal',
      kind: 'review',
      slaLevel: 'green',
      licenseType: 'pollutant_discharge',
    });
    await project(t);
    expect(await ids(user('u-legal', 'legal'), { applicationId: c })).toEqual([t]);
    expect(await ids(user('u-poll', 'pollution'), { applicationId: c })).toEqual([]);
  });

  it('applies a redelivered message once', async () => {
    const c = await aCase();
    const t = await aTask(c, 'legal');
    const [m] = await messages(t);
    expect(await applyTaskChange(index, valid(m.payload), m.id)).toBe('applied');
    expect(await applyTaskChange(index, valid(m.payload), m.id)).toBe('duplicate');
    expect(await index.query(`SELECT count(*)::int AS n FROM inbox WHERE message_id = $1`, [m.id])).toEqual([{ n: 1 }]);
  });

  it('ignores an older message that arrives after a newer one: a completed task never comes back', async () => {
    const c = await aCase();
    const t = await aTask(c, 'legal');
    await service.query(`UPDATE tasks SET status = 'completed', outcome = 'approve', completed_at = now(), completed_by = 'u' WHERE id = $1`, [t]);
    const [opened, closed] = await messages(t);
    expect(valid(closed.payload)).toMatchObject({ taskId: t, open: false });
    expect(await applyTaskChange(index, valid(closed.payload), closed.id)).toBe('applied');
    expect(await applyTaskChange(index, valid(opened.payload), opened.id)).toBe('stale');
    expect(await ids(user('u-legal', 'legal'), { applicationId: c })).toEqual([]);
  });

  it('applies a batch in one transaction: the newest of a task wins whatever the order, a redelivery in it counts once', async () => {
    const c = await aCase();
    const t = await aTask(c, 'legal');
    await service.query(`UPDATE tasks SET assignee = 'u-1' WHERE id = $1`, [t]);
    const [opened, assigned] = (await messages(t)).map((m) => ({ messageId: m.id, change: valid(m.payload) }));
    expect(await applyTaskChanges(index, [assigned, opened, assigned])).toEqual(['applied', 'stale', 'applied']);
    expect(await applyTaskChanges(index, [opened, assigned])).toEqual(['duplicate', 'duplicate']);
    expect((await inbox.open(user('u-1', 'eia'), { limit: 10, applicationId: c })).items).toEqual([expect.objectContaining({ id: t, assignee: 'u-1' })]);
  });

  it('drops a completed, a cancelled and a deleted task from the inbox', async () => {
    const c = await aCase();
    const [a, b, d] = [await aTask(c, 'legal'), await aTask(c, 'legal'), await aTask(c, 'legal')];
    for (const t of [a, b, d]) await project(t);
    expect((await ids(user('u', 'legal'), { applicationId: c })).sort()).toEqual([a, b, d].sort());
    await service.query(`UPDATE tasks SET status = 'completed' WHERE id = $1`, [a]);
    await service.query(`UPDATE tasks SET status = 'cancelled' WHERE id = $1`, [b]);
    await service.query(`DELETE FROM tasks WHERE id = $1`, [d]);
    for (const t of [a, b, d]) await project(t);
    expect(await ids(user('u', 'legal'), { applicationId: c })).toEqual([]);
  });

  it("follows the case's SLA level, an assignment and a transfer to another department", async () => {
    const c = await aCase();
    const t = await aTask(c, 'legal');
    await service.query(`UPDATE cases SET sla_level = 'red' WHERE id = $1`, [c]);
    await project(t);
    expect((await inbox.open(user('u', 'legal'), { limit: 10, applicationId: c })).items).toEqual([expect.objectContaining({ id: t, slaLevel: 'red' })]);
    expect(await ids(user('u', 'legal'), { applicationId: c, slaLevel: 'green' })).toEqual([]);
    // assigned to a person of another department (委派): theirs, and still the department's
    await service.query(`UPDATE tasks SET assignee = 'u-eia' WHERE id = $1`, [t]);
    await project(t);
    expect(await ids(user('u-eia', 'eia'), { applicationId: c })).toEqual([t]);
    // moved to another department: gone from the first
    await service.query(`UPDATE tasks SET dept = 'monitoring', assignee = NULL WHERE id = $1`, [t]);
    await project(t);
    expect(await ids(user('u', 'legal'), { applicationId: c })).toEqual([]);
    expect(await ids(user('u-eia', 'eia'), { applicationId: c })).toEqual([]);
    expect(await ids(user('m', 'monitoring'), { applicationId: c })).toEqual([t]);
  });

  it('shows an inspection to its named inspector only, never to the rest of the department', async () => {
    const c = await aCase();
    const t = await aTask(c, 'enforcement', { kind: 'inspection', assignee: 'inspector-1' });
    await project(t);
    expect(await ids(user('inspector-1', 'enforcement'), { applicationId: c })).toEqual([t]);
    expect(await ids(user('inspector-2', 'enforcement'), { applicationId: c })).toEqual([]);
  });

  it('pages with the cursor in both orders, as the services do', async () => {
    const c = await aCase();
    const all: string[] = [];
    for (let i = 0; i < 5; i++) {
      const t = await aTask(c, 'solid_waste');
      await service.query(`UPDATE tasks SET due_date = $2 WHERE id = $1`, [t, i % 2 ? null : `2027-01-0${i + 1}`]);
      await project(t);
      all.push(t);
    }
    for (const sort of [undefined, 'dueDate'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await inbox.open(user('u', 'solid_waste'), { limit: 2, applicationId: c, sort, cursor });
        seen.push(...page.items.map((t) => t.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen.sort()).toEqual([...all].sort());
    }
  });

  it('refuses a job put straight into Redis (no signature) and a payload that is no task change', () => {
    const signer = new QueueSigner('a-queue-key-of-this-deployment-0123456789');
    const job = { id: 'j1', name: Jobs.TaskIndexChanged.name, data: { taskId: 'dp_x', version: 1, open: true }, repeatJobKey: undefined };
    expect(() => verifiedPayload(signer, Queues.TaskIndex, job)).toThrow(/BAD_SIGNATURE/);
    expect(() => valid({ taskId: 'not-a-task', version: 1, open: true })).toThrow(UnrecoverableError);
    expect(() => valid({ taskId: 'dp_x', version: 1, open: true, dept: 'nobody' })).toThrow(UnrecoverableError);
  });
});
