import fc from 'fast-check';
import { compareTasks, decodeTaskCursor, TaskOrder, TaskSortKey } from '@permits/workflow-runtime/cursor';
import { combineOverviews, Composer, mergeNewestFirst, mergeTaskPages } from './compose';
import { decodeCursor, DomainError, UUID_CURSOR_ID } from '@permits/core';

const t = (id: string, createdAt: string) => ({ id, createdAt });

describe('mergeNewestFirst', () => {
  it('merges the services’ pages newest first and cuts at the limit with a cursor every service understands', () => {
    const intake = [t('in_2', '2026-01-05T00:00:00.000Z'), t('in_1', '2026-01-01T00:00:00.000Z')];
    const eia = [t('ea_1', '2026-01-04T00:00:00.000Z')];
    const dp = [t('dp_2', '2026-01-06T00:00:00.000Z'), t('dp_1', '2026-01-03T00:00:00.000Z')];
    const page = mergeNewestFirst([intake, eia, dp], 3);
    expect(page.items.map((x) => x.id)).toEqual(['dp_2', 'in_2', 'ea_1']);
    expect(decodeCursor(page.nextCursor ?? undefined)).toEqual({ at: '2026-01-04T00:00:00.000Z', id: 'ea_1' });
  });

  it('orders equal instants by id and gives no cursor on the last page', () => {
    const page = mergeNewestFirst([[t('a', '2026-01-01T00:00:00.000Z')], [t('b', '2026-01-01T00:00:00.000Z')]], 5);
    expect(page.items.map((x) => x.id)).toEqual(['b', 'a']);
    expect(page.nextCursor).toBeNull();
  });
});

describe('decodeCursor with the id of a uuid key', () => {
  const cursor = (id: string) => Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', id])).toString('base64url');
  it('takes a uuid, refuses any other id with a 400 rather than a query PostgreSQL refuses', () => {
    expect(decodeCursor(cursor('0193a5c6-0000-7000-8000-0000000000a1'), UUID_CURSOR_ID)).toEqual({
      at: '2026-01-01T00:00:00.000Z',
      id: '0193a5c6-0000-7000-8000-0000000000a1',
    });
    expect(decodeCursor(cursor('not-a-uuid'))).toEqual({ at: '2026-01-01T00:00:00.000Z', id: 'not-a-uuid' });
    for (const id of ['not-a-uuid', 'in_1', '0193a5c6-0000-7000-8000-0000000000a1x', ''])
      expect(() => decodeCursor(cursor(id), UUID_CURSOR_ID)).toThrow(DomainError);
  });
});

describe('mergeTaskPages', () => {
  const task = (id: string, dueDate: string | null, completedAt: string | null = null): TaskSortKey => ({
    id,
    createdAt: '2026-01-01T00:00:00.000Z',
    dueDate,
    completedAt,
  });

  it('orders by due date, soonest first, tasks without one last, and cursors on the due date', () => {
    const page = mergeTaskPages([[task('in_1', null)], [task('ea_1', '2026-02-03'), task('ea_2', '2026-02-09')], [task('dp_1', '2026-02-03')]], 3, 'due');
    expect(page.items.map((x) => x.id)).toEqual(['dp_1', 'ea_1', 'ea_2']);
    expect(decodeTaskCursor('due', page.nextCursor ?? undefined)).toEqual({ value: '2026-02-09', id: 'ea_2' });
    expect(() => decodeTaskCursor('created', page.nextCursor ?? undefined)).toThrow();
  });

  it('orders completed tasks latest first', () => {
    const page = mergeTaskPages([[task('in_1', null, '2026-01-02T00:00:00.000Z')], [task('dp_1', null, '2026-01-05T00:00:00.000Z')]], 5, 'completed');
    expect(page.items.map((x) => x.id)).toEqual(['dp_1', 'in_1']);
    expect(page.nextCursor).toBeNull();
  });

  // Three services that answer like PostgreSQL's keyset queries: every task after the cursor, in order, up to
  // the limit. Paging through the gateway's merge must give every task once, in order, for every order.
  it('pages through every task exactly once, in order, for every sort', () => {
    const day = fc.option(
      fc.integer({ min: 1, max: 4 }).map((d) => `2026-03-0${d}`),
      { nil: null },
    );
    const instant = fc.integer({ min: 0, max: 3 }).map((m) => `2026-01-01T00:0${m}:00.000Z`);
    const aTask = fc.record({
      n: fc.integer({ min: 0, max: 10_000 }),
      svc: fc.constantFrom('in', 'ea', 'dp'),
      dueDate: day,
      createdAt: instant,
      completedAt: instant,
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(aTask, { selector: (t) => `${t.svc}_${t.n}`, maxLength: 25 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom<TaskOrder>('created', 'completed', 'due'),
        (raw, limit, order) => {
          const tasks = raw.map((t) => ({ id: `${t.svc}_${t.n}`, dueDate: t.dueDate, createdAt: t.createdAt, completedAt: t.completedAt }));
          const service = (svc: string, cursor?: string) => {
            const after = decodeTaskCursor(order, cursor);
            const key = after && { id: after.id, createdAt: after.value ?? '', completedAt: after.value, dueDate: after.value };
            return tasks
              .filter((t) => t.id.startsWith(svc) && (!key || compareTasks(order, t, key) > 0))
              .sort((a, b) => compareTasks(order, a, b))
              .slice(0, limit);
          };
          const seen: string[] = [];
          let cursor: string | undefined;
          for (let i = 0; i < 100; i++) {
            const page = mergeTaskPages(
              ['in', 'ea', 'dp'].map((s) => service(s, cursor)),
              limit,
              order,
            );
            seen.push(...page.items.map((t) => t.id));
            if (!page.nextCursor) break;
            cursor = page.nextCursor;
          }
          expect(seen).toEqual([...tasks].sort((a, b) => compareTasks(order, a, b)).map((t) => t.id));
        },
      ),
    );
  });
});

describe('combineOverviews', () => {
  it('adds open and paused cases and weights the averages by decided cases', () => {
    const row = (closed: number, avg: number) => ({
      licenseType: 'discharge_permit',
      closed: closed + 1,
      decided: closed,
      avgElapsedDays: avg,
      avgDaysSaved: 20 - avg,
      withinCommittedShare: 1,
    });
    const out = combineOverviews([
      { open: { green: 1, yellow: 0, red: 0 }, paused: 1, byLicenseType: [row(1, 4)] },
      { open: { green: 2, yellow: 1, red: 1 }, paused: 0, byLicenseType: [row(3, 8)] },
    ]);
    expect(out.open).toEqual({ green: 3, yellow: 1, red: 1 });
    expect(out.paused).toBe(1);
    expect(out.byLicenseType).toEqual([
      { licenseType: 'discharge_permit', closed: 6, decided: 4, avgElapsedDays: 7, avgDaysSaved: 13, withinCommittedShare: 1 },
    ]);
  });
});

describe('Composer.anyCase (GET /api/v1/cases/:caseId)', () => {
  type Answer = { status: number; body: unknown };
  /** Services that answer from a table of path → answer (anything else: 404); `down` ones throw. */
  const composer = (answers: Record<string, Answer>, down: string[] = []) => {
    const asked: string[] = [];
    const upstream = {
      get: async (service: string, path: string) => {
        asked.push(`${service} ${path}`);
        if (down.includes(service)) throw new Error('ECONNREFUSED');
        return answers[`${service} ${path}`] ?? { status: 404, body: { code: 'NOT_FOUND' } };
      },
    };
    return { c: new Composer(upstream as never), asked };
  };
  const req = {} as never;

  it('answers a supervision case from the supervision service, without asking intake', async () => {
    const { c, asked } = composer({ 'supervision /api/v1/supervision/cases/p1': { status: 200, body: { id: 'p1', caseKind: 'penalty' } } });
    expect(await c.anyCase(req, 'p1', '')).toEqual({ status: 200, body: { id: 'p1', caseKind: 'penalty' } });
    expect(asked).toEqual(['supervision /api/v1/supervision/cases/p1']);
  });

  it("opens any other id as a licence's application, and its audit at the owning service", async () => {
    const { c } = composer({
      'intake /api/v1/applications/a1': { status: 200, body: { id: 'a1', owner: 'discharge-permit' } },
      'discharge-permit /api/v1/applications/a1/audit': { status: 200, body: { items: [] } },
    });
    expect(await c.anyCase(req, 'a1', '/audit')).toEqual({ status: 200, body: { items: [] } });
  });

  it('keeps licences open while supervision is away, and answers its failure only for an id no licence has', async () => {
    const { c } = composer({ 'intake /api/v1/applications/a1': { status: 200, body: { id: 'a1', owner: 'intake' } } }, ['supervision']);
    expect((await c.anyCase(req, 'a1', '')).status).toBe(200);
    expect((await c.anyCase(req, 'p1', '')).status).toBe(503);
  });
});
