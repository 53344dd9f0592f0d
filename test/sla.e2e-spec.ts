import { aPdf } from '../apps/intake/src/files/testing/samples';
import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { aStaff, anAdmin, anApplicant, anAuditor } from './support/users';

jest.setTimeout(300_000);

/**
 * The durable statutory clock through the portal, on the manual clock: deadlines over the 2026 National Day
 * holiday, suspension, SLA alerts (once per level change), deemed acceptance, public-notice waits, and a
 * year's schedule loaded by an administrator.
 *
 * Every expected date is counted by hand from the State Council's 2026 schedule: Mid-Autumn 09-25..27 off,
 * National Day 10-01..07 off, Saturday 10-10 worked. "Counted day n" below is the n-th day that counts
 * after the acceptance day (which does not).
 *
 * The clock only moves forward and every step shares it, so the steps run in order, on one timeline.
 */
describe('the statutory clock, durable: timers, alerts, deemed acceptance, waits, calendar', () => {
  let sys: RunningSystem;
  let portal: Portal;
  const admin = anAdmin();
  const window = aStaff('window');
  const radiation = aStaff('radiation');
  const pollution = aStaff('pollution');
  const monitoring = aStaff('monitoring');
  const legal = aStaff('legal');
  const approval = aStaff('approval', ['head']); // decisions are a head's
  const eia = aStaff('eia');
  const solidWaste = aStaff('solid_waste');
  const head = aStaff('approval', ['head']);
  const applicant = anApplicant();

  /** 10:00 in Shanghai on `date`. */
  const at = (date: string) => `${date}T02:00:00.000Z`;
  const ids: Record<'r1' | 'r2' | 'd1' | 'e1' | 'w1' | 'x1' | 'x2' | 'c1', string> = { r1: '', r2: '', d1: '', e1: '', w1: '', x1: '', x2: '', c1: '' };

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'sla', clock: 'manual', clockStart: at('2026-09-21') });
    portal = new Portal(sys);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const moveClock = async (iso: string) => {
    const res = await portal.post(admin, '/api/v1/_test/clock', { now: iso }).expect(200);
    expect(res.body.now).toBe(iso);
  };

  const view = async (id: string) => (await portal.get(admin, `/api/v1/applications/${id}`).expect(200)).body;

  /** Waits until the case's view satisfies `ok`, then answers it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the case view is untyped JSON, read field by field by the callers
  const viewWhen = (id: string, what: string, ok: (v: Record<string, any>) => boolean) =>
    eventually(
      async () => {
        const v = await view(id);
        return ok(v) ? v : undefined;
      },
      10_000,
      what,
    );

  const notices = async (user: { auth: string }, id: string, kind: string) => {
    const res = await portal.get(user, '/api/v1/notifications?limit=1000').expect(200);
    return (res.body.items as { kind: string; applicationId: string }[]).filter((n) => n.applicationId === id && n.kind === kind);
  };

  const noticeCount = (user: { auth: string }, id: string, kind: string, n: number) =>
    eventually(async () => ((await notices(user, id, kind)).length === n ? true : undefined), 10_000, `${n} ${kind} notification(s) of ${id}`);

  /** A complete application for one sub-item (the catalog's required materials, uploaded as the portal does). */
  async function submit(subItemCode: string, project: Record<string, unknown> = {}): Promise<string> {
    const items = (await portal.get(applicant, '/api/v1/catalog/items').expect(200)).body as {
      subItems: { code: string; materials: { code: string; required: boolean }[] }[];
    }[];
    const sub = items.flatMap((i) => i.subItems).find((s) => s.code === subItemCode);
    if (!sub) throw new Error(`no sub-item ${subItemCode}`);
    const materials = [];
    for (const m of sub.materials.filter((x) => x.required)) {
      const up = await portal.upload(applicant, aPdf(`${m.code} ${Math.random().toString(36).slice(2)}`), `${m.code}.pdf`);
      expect([200, 201]).toContain(up.status);
      materials.push({ code: m.code, fileName: `${m.code}.pdf`, sha256: up.body.sha256 as string });
    }
    const res = await portal
      .post(applicant, '/api/v1/applications', {
        subItemCode,
        project: { name: `Plant ${subItemCode} ${Math.random().toString(36).slice(2, 6)}`, ...project },
        materials,
      })
      .expect(201);
    return res.body.id as string;
  }

  async function accept(id: string): Promise<void> {
    const t = await portal.taskFor(window, id, 'acceptance');
    await portal.complete(window, t.id, 'accept').expect(200);
  }

  async function approve(user: { auth: string }, id: string, kind: string): Promise<void> {
    const t = await portal.taskFor(user, id, kind);
    await portal.complete(user, t.id, 'approve').expect(200);
  }

  /** Review, countersign and decision of a discharge-permit case, approved on today's date. */
  async function decideDischarge(id: string): Promise<void> {
    await approve(pollution, id, 'review');
    for (const dept of [monitoring, aStaff('enforcement')]) await approve(dept, id, 'countersign');
    await approve(approval, id, 'decision');
  }

  it("2026-09-21: DOMAIN.md's worked example: a simplified discharge permit's deadlines move off National Day and a Sunday", async () => {
    // HB-005-02: 20 statutory / 10 committed calendar days. Committed 10-01 (National Day) moves to 10-08;
    // statutory 10-11 (a Sunday) moves to 10-12. The moved deadlines are the ones in force.
    ids.x1 = await submit('HB-005-02');
    ids.x2 = await submit('HB-005-02');
    for (const id of [ids.x1, ids.x2]) await accept(id);
    for (const id of [ids.x1, ids.x2]) {
      const v = await viewWhen(id, 'X taken up with a running clock', (x) => x.sla?.clock === 'running');
      expect(v.sla).toMatchObject({ committedDeadline: '2026-10-08', statutoryDeadline: '2026-10-12', elapsedDays: 0, remainingDays: 17, level: 'green' });
    }
  });

  it('2026-09-29: counts a radiation licence accepted before National Day over the holiday', async () => {
    await moveClock(at('2026-09-29'));
    ids.r1 = await submit('HB-010-01'); // radiation: 20 working days statutory, 10 committed, yellow 2 before
    ids.r2 = await submit('HB-010-01');
    ids.d1 = await submit('HB-005-02'); // discharge: 20/10 calendar days, acceptance 3 days
    ids.e1 = await submit('HB-002-01'); // EIA report form: 30/12 calendar days
    for (const id of [ids.r1, ids.r2, ids.e1]) await accept(id);

    // counted days: 09-30 (1), [10-01..07 off], 10-08 (2), 10-09 (3), 10-10 (4, worked Saturday),
    // 10-12..16 (5..9), 10-19 (10), 10-20..23 (11..14), 10-26..30 (15..19), 11-02 (20)
    const r1 = await viewWhen(ids.r1, 'R1 taken up with a running clock', (v) => v.sla?.clock === 'running');
    expect(r1.sla).toMatchObject({
      statutoryDeadline: '2026-11-02',
      committedDeadline: '2026-10-19',
      elapsedDays: 0,
      remainingDays: 10,
      level: 'green',
      calendarComplete: true,
    });
    const task = await portal.taskFor(radiation, ids.r1, 'review');
    expect(task).toMatchObject({ dueDate: '2026-10-19', slaLevel: 'green' });
  });

  it('2026-09-29: pauses the clock through the EIA technical assessment and the 10-working-day acceptance notice, telling the applicant each time', async () => {
    await approve(eia, ids.e1, 'review');
    await approve(eia, ids.e1, 'technical_assessment');
    const e1 = await viewWhen(ids.e1, 'E1 in its public notice', (v) => v.history?.some((h: { action: string }) => h.action === 'wait_started'));
    expect(e1.sla).toMatchObject({ clock: 'paused', elapsedDays: 0 });
    expect(e1.openTasks).toEqual([]);
    // automatic pauses are told to the applicant like a manual suspension: the reason and the expected length
    const told = await eventually(
      async () => {
        const items = (await portal.get(applicant, '/api/v1/notifications?limit=1000').expect(200)).body.items as {
          kind: string;
          applicationId: string;
          data: Record<string, unknown>;
        }[];
        const mine = items.filter((n) => n.applicationId === ids.e1 && n.kind === 'clock_suspended');
        return mine.length === 2 ? mine.map((n) => n.data) : undefined;
      },
      10_000,
      'two clock_suspended notices of E1',
    );
    expect(told).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reason: 'technical_assessment', expectedDays: 30, unit: 'working' }),
        expect.objectContaining({ reason: 'public_notice', expectedDays: 10, unit: 'working' }),
      ]),
    );
  });

  it('2026-10-08: the worked example decided on its moved committed deadline: on time, 4 days saved', async () => {
    await moveClock(at('2026-10-08'));
    // two counted days before the moved committed deadline (10-06, in the holiday) it turned yellow: once, to the section
    await noticeCount(pollution, ids.x1, 'sla_yellow', 1);
    expect((await view(ids.x1)).sla).toMatchObject({ level: 'yellow', elapsedDays: 17, remainingDays: 0 });
    await decideDischarge(ids.x1);
    const x1 = await portal.status(applicant, ids.x1, 'approved');
    // 10-09, 10, 11, 12: 4 days saved against the moved statutory deadline; not 7 days late
    expect(x1.sla).toMatchObject({ clock: 'stopped', elapsedDays: 17, remainingDays: 0, daysSaved: 4, level: 'yellow' });
  });

  it('2026-10-09: deems the discharge permit left at the window accepted on the day it arrived', async () => {
    // 3 days from 09-29 is 10-02, a holiday: the limit runs to the next working day, 10-08; deemed at 00:00 on 10-09
    await moveClock(at('2026-10-09'));
    const d1 = await viewWhen(ids.d1, 'D1 deemed accepted and taken up', (v) => v.status === 'in_review' && v.sla?.clock === 'running');
    expect(d1.acceptedOn).toBe('2026-09-29');
    // 20 and 10 calendar days from the arrival day: 10-19 (a Monday) and 10-09 (a Friday)
    expect(d1.sla).toMatchObject({ statutoryDeadline: '2026-10-19', committedDeadline: '2026-10-09', elapsedDays: 10, remainingDays: 0, level: 'yellow' });
    const accepted = d1.history.find((h: { action: string }) => h.action === 'acceptance:accept');
    expect(accepted).toMatchObject({ actor: 'system:acceptance-limit' });
    // an override the integrity report lists: the law accepted what the window left too long
    const integrity = (await portal.get(anAuditor(), '/api/v1/reports/integrity?from=2026-10-09&to=2026-10-09').expect(200)).body;
    expect(integrity.overrides).toEqual(
      expect.arrayContaining([expect.objectContaining({ applicationId: ids.d1, userId: 'system:acceptance-limit', detail: { kind: 'deemed_acceptance' } })]),
    );
    // already yellow when it arrived at the owner: one alert to the department holding its review
    await noticeCount(pollution, ids.d1, 'sla_yellow', 1);
  });

  it('2026-10-09: a suspension tells the applicant the reason and the expected length', async () => {
    const suspended = await portal
      .post(radiation, `/api/v1/applications/${ids.r2}/clock/suspend`, { reason: 'expert_review', expectedDays: 3, comment: 'dose assessment by experts' })
      .expect(200);
    expect(suspended.body.sla.clock).toBe('paused');
    const n = (await portal.notification(applicant, ids.r2, 'clock_suspended')) as unknown as { data: Record<string, unknown> };
    expect(n.data).toMatchObject({ reason: 'expert_review', expectedDays: 3, unit: 'working', from: '2026-10-09' });
  });

  it('2026-10-12: the worked example decided on its moved statutory deadline: late against the committed limit, 0 saved, never red', async () => {
    await moveClock(at('2026-10-12'));
    await decideDischarge(ids.x2);
    const x2 = await portal.status(applicant, ids.x2, 'approved');
    expect(x2.sla).toMatchObject({ clock: 'stopped', elapsedDays: 21, remainingDays: -4, daysSaved: 0, level: 'yellow' });
    expect(await notices(head, ids.x2, 'sla_red')).toHaveLength(0);
    expect(await notices(pollution, ids.x2, 'sla_red')).toHaveLength(0);
  });

  it('2026-10-13: a resumption moves the deadlines out', async () => {
    await moveClock(at('2026-10-13'));
    const resumed = await portal.post(radiation, `/api/v1/applications/${ids.r2}/clock/resume`, {}).expect(200);
    // S = 10-09 counts (3); 10-10, 10-12 and R = 10-13 do not; 10-14 (4) .. 10-22 (10) .. 11-05 (20)
    expect(resumed.body.sla).toMatchObject({
      clock: 'running',
      elapsedDays: 3,
      statutoryDeadline: '2026-11-05',
      committedDeadline: '2026-10-22',
      level: 'green',
    });
    const task = await portal.taskFor(radiation, ids.r2, 'review');
    expect(task.dueDate).toBe('2026-10-22');
    // R1, never suspended, keeps its own
    expect((await view(ids.r1)).sla).toMatchObject({ committedDeadline: '2026-10-19', elapsedDays: 6, level: 'green' });
  });

  it('2026-10-15: turns R1 yellow on its 8th counted day and tells the department holding its task, once', async () => {
    await moveClock(at('2026-10-15'));
    await noticeCount(radiation, ids.r1, 'sla_yellow', 1);
    const task = await eventually(
      async () => {
        const t = await portal.taskFor(radiation, ids.r1, 'review');
        return t.slaLevel === 'yellow' ? t : undefined;
      },
      10_000,
      'R1 task yellow in the inbox',
    );
    expect(task.dueDate).toBe('2026-10-19');
    expect((await view(ids.r1)).sla).toMatchObject({ level: 'yellow', elapsedDays: 8, remainingDays: 2 });
    // R2, suspended three working days, is two counted days behind: still green
    expect((await view(ids.r2)).sla).toMatchObject({ level: 'green', elapsedDays: 5 });
    // a second sweep (the clock moved again, by half an hour) sends nothing more: checked at the next step
    await moveClock('2026-10-15T02:30:00.000Z');
  });

  it('2026-10-20: ends the EIA notice, turns R2 yellow, D1 red (dept and heads); counts each alert once', async () => {
    await moveClock(at('2026-10-20'));
    // the 10-working-day notice (09-30 .. 10-19) is over at 00:00 on 10-20: the countersign opens, the clock runs
    for (const dept of [pollution, monitoring, legal]) await portal.taskFor(dept, ids.e1, 'countersign');
    const e1 = await viewWhen(ids.e1, 'E1 clock running again', (v) => v.sla?.clock === 'running');
    // resumed on 10-20 with nothing counted: 12 calendar days is 11-01, a Sunday, so 11-02; 30 days is 11-19
    expect(e1.sla).toMatchObject({ elapsedDays: 0, committedDeadline: '2026-11-02', statutoryDeadline: '2026-11-19' });

    await noticeCount(radiation, ids.r2, 'sla_yellow', 1);
    // D1's statutory deadline 10-19 has passed: red, to the department and to the heads
    await noticeCount(pollution, ids.d1, 'sla_red', 1);
    await noticeCount(head, ids.d1, 'sla_red', 1);
    expect((await view(ids.d1)).sla.level).toBe('red');
    // the sweeps since 10-15 (10:30 and now) added no second yellow for R1
    expect(await notices(radiation, ids.r1, 'sla_yellow')).toHaveLength(1);
    expect(await notices(pollution, ids.d1, 'sla_yellow')).toHaveLength(1);
  });

  it('2026-10-20: decides R2 (clock stopped, days saved) and sends the EIA case into its second notice', async () => {
    await approve(radiation, ids.r2, 'review');
    for (const dept of [monitoring, legal]) await approve(dept, ids.r2, 'countersign');
    await approve(approval, ids.r2, 'decision');
    const r2 = await portal.status(applicant, ids.r2, 'approved');
    // decided on its 8th counted day: 20 - 8 = 12 days saved
    expect(r2.sla).toMatchObject({ clock: 'stopped', elapsedDays: 8, daysSaved: 12 });

    for (const dept of [pollution, monitoring, legal]) await approve(dept, ids.e1, 'countersign');
    const e1 = await viewWhen(ids.e1, 'E1 in its second notice', (v) => v.history?.filter((h: { action: string }) => h.action === 'wait_started').length === 2);
    expect(e1.sla.clock).toBe('paused');
  });

  /** The sla alerts of a countersign task (they name it in `data.taskId`). */
  const taskAlerts = async (user: { auth: string }, id: string, kind: string, taskId: string) =>
    ((await notices(user, id, kind)) as unknown as { data: { taskId?: string } }[]).filter((n) => n.data?.taskId === taskId);
  let c1Task = '';

  it("2026-10-20: a countersign task is due 7 working days after it opens, apart from the case's committed deadline", async () => {
    ids.c1 = await submit('HB-007-01'); // hazardous waste: 20/10 working days; countersign by pollution, enforcement, legal
    await accept(ids.c1);
    await approve(solidWaste, ids.c1, 'review');
    const t = await portal.taskFor(pollution, ids.c1, 'countersign');
    c1Task = t.id;
    // 10-21, 22, 23, 26, 27, 28, 29
    expect(t).toMatchObject({ dueDate: '2026-10-29', slaLevel: 'green' });
    expect((await view(ids.c1)).sla).toMatchObject({ committedDeadline: '2026-11-03', statutoryDeadline: '2026-11-17', level: 'green' });
  });

  it('2026-10-28: ends the 5-working-day intended-approval notice; the EIA case is decided', async () => {
    // 10-21, 22, 23, 26, 27: over at 00:00 on 10-28
    await moveClock(at('2026-10-28'));
    await approve(approval, ids.e1, 'decision');
    const e1 = await portal.status(applicant, ids.e1, 'approved');
    // nothing counted: accepted 09-29, paused the same day, resumed 10-20 and paused again that day, resumed
    // 10-28 and stopped that day (a resumption day does not count): 30 - 0 days saved
    expect(e1.sla).toMatchObject({ clock: 'stopped', elapsedDays: 0, daysSaved: 30 });
  });

  it('2026-10-28: the countersign task turned yellow (2 working days left) and told its section, not the case', async () => {
    const t = await portal.taskFor(pollution, ids.c1, 'countersign');
    expect(t).toMatchObject({ id: c1Task, dueDate: '2026-10-29', slaLevel: 'yellow' });
    await eventually(
      async () => ((await taskAlerts(pollution, ids.c1, 'sla_yellow', c1Task)).length === 1 ? true : undefined),
      10_000,
      'the task yellow alert',
    );
    expect((await view(ids.c1)).sla).toMatchObject({ level: 'green', committedDeadline: '2026-11-03' }); // the applicant's limit is untouched
  });

  it('2026-10-30: the countersign task is red the day after it was due: to its section only; then C1 is decided', async () => {
    await moveClock(at('2026-10-30'));
    await eventually(async () => ((await taskAlerts(pollution, ids.c1, 'sla_red', c1Task)).length === 1 ? true : undefined), 10_000, 'the task red alert');
    expect((await portal.taskFor(pollution, ids.c1, 'countersign')).slaLevel).toBe('red');
    expect(await notices(head, ids.c1, 'sla_red')).toHaveLength(0);
    expect(await taskAlerts(legal, ids.c1, 'sla_red', c1Task)).toHaveLength(0); // legal holds a task of its own
    const c1 = await view(ids.c1);
    expect(c1.sla).toMatchObject({ level: 'yellow', statutoryDeadline: '2026-11-17', committedDeadline: '2026-11-03' }); // its own clock: 2 days left
    for (const dept of [pollution, aStaff('enforcement'), legal]) await approve(dept, ids.c1, 'countersign');
    await approve(approval, ids.c1, 'decision');
    await portal.status(applicant, ids.c1, 'approved');
    // completed on time or not, no alert of a completed task comes later
    expect(await taskAlerts(pollution, ids.c1, 'sla_red', c1Task)).toHaveLength(1);
  });

  it('2026-11-03: turns R1 red the day after its statutory deadline: to the department and the heads, once', async () => {
    await moveClock(at('2026-11-03'));
    await noticeCount(radiation, ids.r1, 'sla_red', 1);
    await noticeCount(head, ids.r1, 'sla_red', 1);
    // a head of the department holding the case is addressed twice (the department, the heads): sees it once
    const radiationHead = aStaff('radiation', ['head']);
    await noticeCount(radiationHead, ids.r1, 'sla_red', 1);
    const listed = (await portal.get(radiationHead, '/api/v1/notifications?limit=1000').expect(200)).body as {
      items: { id: string; readAt: string | null }[];
      unread: number;
    };
    expect(new Set(listed.items.map((n) => n.id)).size).toBe(listed.items.length);
    expect(listed.unread).toBe(listed.items.filter((n) => n.readAt === null).length);
    const task = await portal.taskFor(radiation, ids.r1, 'review');
    expect(task.slaLevel).toBe('red');
    // too late to extend: the statutory deadline 11-02 has passed (409), and nothing changed
    const late = await portal.post(head, `/api/v1/applications/${ids.r1}/extensions`, { days: 5, reason: 'complex case' }).expect(409);
    expect(late.body.message).toMatch(/statutory deadline passed on 2026-11-02/);
    expect((await view(ids.r1)).sla).toMatchObject({ statutoryDeadline: '2026-11-02', level: 'red' });
  });

  it('2026-11-05: flags a deadline over 2027 until an administrator loads its schedule', async () => {
    await moveClock(at('2026-11-05'));
    ids.w1 = await submit('HB-011-01'); // WEEE: 60 calendar days statutory, 25 committed, yellow 5 before
    await accept(ids.w1);
    // 11-05 + 60 days = 2027-01-04: a Monday, a working day only because 2027 is unknown (Mon-Fri assumed)
    const before = await viewWhen(ids.w1, 'W1 taken up', (v) => v.sla?.clock === 'running');
    expect(before.sla).toMatchObject({ statutoryDeadline: '2027-01-04', committedDeadline: '2026-11-30', calendarComplete: false });
    const years = (await portal.get(admin, '/api/v1/calendar/years?limit=1000').expect(200)).body;
    expect(years.items.map((y: { year: number }) => y.year)).not.toContain(2027);
    expect(years.items.find((y: { year: number }) => y.year === 2026)).toMatchObject({ origin: 'bundled', source: expect.stringMatching(/^chinese-days@/) });

    // refused, changing nothing: not an admin; a date of another year; an unknown field; an ICS with no 2027 day
    await portal.sys.http().put('/api/v1/calendar/years/2027').set('Authorization', window.auth).send({ holidays: [], workdays: [] }).expect(403);
    await portal.sys
      .http()
      .put('/api/v1/calendar/years/2027')
      .set('Authorization', admin.auth)
      .send({ holidays: ['2026-12-31'], workdays: [] })
      .expect(400);
    await portal.sys.http().put('/api/v1/calendar/years/2027').set('Authorization', admin.auth).send({ holidays: [], workdays: [], note: 'x' }).expect(400);
    await portal.sys.http().put('/api/v1/calendar/years/1999').set('Authorization', admin.auth).send({ holidays: [], workdays: [] }).expect(400);
    await portal.sys.http().put('/api/v1/calendar/years/2027').set('Authorization', admin.auth).set('Content-Type', 'text/plain').send('holidays').expect(415);
    await portal.get(admin, '/api/v1/calendar/years/2027').expect(404);

    const loaded = await portal.sys
      .http()
      .put('/api/v1/calendar/years/2027')
      .set('Authorization', admin.auth)
      .send({ holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'], workdays: [], source: 'e2e: New Year 2027 with 01-04 off (hypothetical)' })
      .expect(200);
    expect(loaded.body).toMatchObject({ year: 2027, origin: 'loaded', revision: 1, holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'] });

    // every service takes it up: the deadline moves off the new holiday, and the flag clears
    const after = await viewWhen(ids.w1, 'W1 deadline moved by the 2027 schedule', (v) => v.sla?.statutoryDeadline === '2027-01-05');
    expect(after.sla.calendarComplete).toBe(true);
    const listed = (await portal.get(admin, '/api/v1/calendar/years').expect(200)).body.items[0];
    expect(listed).toMatchObject({ year: 2027, origin: 'loaded', source: 'e2e: New Year 2027 with 01-04 off (hypothetical)', holidays: 4, workdays: 0 });

    // the same year as an ICS feed (a correction: revision 2)
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270101',
      'DTEND;VALUE=DATE:20270105',
      'SUMMARY:元旦(休)',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const fromIcs = await portal.sys
      .http()
      .put('/api/v1/calendar/years/2027?source=ics%20feed')
      .set('Authorization', admin.auth)
      .set('Content-Type', 'text/calendar')
      .send(ics)
      .expect(200);
    expect(fromIcs.body).toMatchObject({ year: 2027, revision: 2, source: 'ics feed', holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'] });
  });

  it("2026-11-05: refuses to extend W1: the WEEE qualification's 60 days are a special law's limit (409 EXTENSION_NOT_ALLOWED), nothing changes", async () => {
    const path = `/api/v1/applications/${ids.w1}/extensions`;
    for (const days of [11, 0, 2.5]) await portal.post(head, path, { days, reason: 'expert opinion needed' }).expect(400);
    await portal.post(head, path, { days: 10 }).expect(400); // the reason is required
    await portal.post(solidWaste, path, { days: 10, reason: 'expert opinion needed' }).expect(403); // a head approves it
    await portal.post(aStaff('solid_waste', ['head']), path, { days: 10, reason: 'expert opinion needed' }).expect(403); // of the department that decides (approval)
    expect((await view(ids.w1)).sla.statutoryDeadline).toBe('2027-01-05');
    const refused = await portal.post(head, path, { days: 10, reason: 'expert opinion needed' }).expect(409);
    expect(refused.body.code).toBe('EXTENSION_NOT_ALLOWED');
    const after = await view(ids.w1);
    expect(after.sla.statutoryDeadline).toBe('2027-01-05');
    expect(after.history.map((h: { action: string }) => h.action)).not.toContain('extended');
    expect(await notices(applicant, ids.w1, 'clock_extended')).toHaveLength(0);
  });

  it('2026-11-25: no alert after the decision, none twice; metrics and overview count what happened', async () => {
    // W1's 20th counted day (25 committed - 5): yellow, to solid waste; R2's red day 11-06 has passed, but R2 was decided
    await moveClock(at('2026-11-25'));
    await noticeCount(solidWaste, ids.w1, 'sla_yellow', 1);
    expect(await notices(radiation, ids.r2, 'sla_red')).toHaveLength(0);
    expect(await notices(radiation, ids.r2, 'sla_yellow')).toHaveLength(1);
    expect(await notices(radiation, ids.r1, 'sla_yellow')).toHaveLength(1);
    expect(await notices(radiation, ids.r1, 'sla_red')).toHaveLength(1);
    expect(await notices(pollution, ids.d1, 'sla_red')).toHaveLength(1);

    const overview = (await portal.get(admin, '/api/v1/sla/overview').expect(200)).body;
    expect(overview.open).toEqual({ green: 0, yellow: 1, red: 2 }); // W1; R1 and D1
    expect(overview.byLicenseType).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ licenseType: 'radiation_safety', closed: 1, avgDaysSaved: 12, withinCommittedShare: 1 }),
        expect.objectContaining({ licenseType: 'eia_approval', closed: 1, avgDaysSaved: 30, withinCommittedShare: 1 }),
      ]),
    );

    const metrics = (await sys.http().get('/metrics').expect(200)).text;
    const value = (line: RegExp) =>
      Number(
        metrics
          .split('\n')
          .find((l) => line.test(l))
          ?.split(' ')
          .pop(),
      );
    expect(value(/^sla_open_cases\{.*level="red".*service="discharge-permit"/)).toBe(2);
    expect(value(/^sla_alerts_sent_total\{.*level="yellow".*service="discharge-permit"/)).toBe(7); // D1, R1, R2, W1, X1, X2, C1 (the case; its task's alerts are apart)
    expect(value(/^sla_alerts_sent_total\{.*level="red".*service="discharge-permit"/)).toBe(2); // D1, R1
    expect(value(/^sla_days_saved_count\{.*license_type="radiation_safety"/)).toBe(1);
    expect(value(/^sla_days_saved_bucket\{.*le="15".*license_type="eia_approval"/)).toBe(0);
    expect(value(/^sla_days_saved_bucket\{.*le="30".*license_type="eia_approval"/)).toBe(1);
    expect(value(/^sla_calendar_incomplete_deadlines_total\{.*service="discharge-permit"/)).toBeGreaterThanOrEqual(1);
  });
});
