import { Client } from 'pg';
import { drained } from './support/drain';
import { REDIS_URL } from './support/env';
import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { anAdmin, anApplicant, aStaff, anAuditor } from './support/users';
import { aPdf } from '../apps/intake/src/files/testing/samples';
import type { Dept } from '../libs/contracts/src/enums';

jest.setTimeout(300_000); // the system boots in this time too, on a loaded machine

/**
 * Expiry on the manual clock: reminders 90, 60 and 30 days before the end of a permit's validity, each
 * exactly once, `expired` the day after, and a renewal that retires the old validity's reminders.
 */
describe('permit expiry', () => {
  let sys: RunningSystem;
  let portal: Portal;
  const admin = anAdmin();
  const window = aStaff('window');

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'expiry', clock: 'manual', clockStart: '2026-03-02T02:00:00Z' });
    portal = new Portal(sys);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const moveTo = (iso: string) => portal.post(admin, '/api/v1/_test/clock', { now: iso }).expect(200);

  /**
   * The positive event before an absence check: every permit timer due by `iso` has fired (the sweep the
   * clock's move started is done), then every outbox and queue has drained (what the timers wrote has arrived).
   * A reminder that was going to come has come by then.
   */
  async function settledAt(iso: string): Promise<void> {
    const pg = new Client({ connectionString: sys.dbUrl });
    await pg.connect();
    try {
      await eventually(
        async () => (await pg.query(`SELECT count(*)::int AS n FROM discharge_permit.timers WHERE fired_at IS NULL AND due_at <= $1`, [iso])).rows[0].n === 0,
        20_000,
        `every timer due by ${iso} to fire`,
      );
    } finally {
      await pg.end();
    }
    await drained(sys.dbUrl, REDIS_URL, sys.env.REDIS_PREFIX, 30_000);
  }

  async function decided(applicant: ReturnType<typeof anApplicant>, kind: string, project: Record<string, unknown> = {}) {
    const { body } = await portal
      .post(applicant, '/api/v1/applications', await portal.applicationFor(applicant, 'discharge_permit', project, kind))
      .expect(201);
    const acc = await portal.taskFor(window, body.id, 'acceptance');
    await portal.complete(window, acc.id, 'accept').expect(200);
    await portal.approveDischargePermit(body.id);
    await portal.status(applicant, body.id, 'approved');
  }

  const reminders = async (applicant: ReturnType<typeof anApplicant>) => {
    const res = await portal.get(applicant, '/api/v1/notifications?limit=1000').expect(200);
    return (res.body.items as { kind: string; data: { daysBefore: number; validTo: string } }[]).filter((n) => n.kind === 'permit_expiring');
  };
  const permit = async (applicant: ReturnType<typeof anApplicant>) =>
    (await portal.get(applicant, '/api/v1/permits').expect(200)).body.items[0] as { permitNo: string; validTo: string; status: string };

  it('reminds 90, 60 and 30 days before expiry, once each, then expires the day after', async () => {
    const holder = anApplicant();
    await decided(holder, 'new');
    const p = await permit(holder);
    expect(p.validTo).toBe('2031-03-01');

    await moveTo('2030-11-30T17:00:00Z'); // 2030-12-01 01:00 in Shanghai: 90 days before 2031-03-01
    const first = await eventually(async () => ((await reminders(holder)).length === 1 ? reminders(holder) : undefined), 10_000, 'the 90-day reminder');
    expect(first[0].data).toMatchObject({ daysBefore: 90, validTo: '2031-03-01' });
    expect((await permit(holder)).status).toBe('expiring');

    await moveTo('2030-11-30T18:00:00Z'); // the clock moves again: nothing new falls due
    await settledAt('2030-11-30T18:00:00Z');
    expect(await reminders(holder)).toHaveLength(1);

    await moveTo('2031-01-30T00:00:00Z'); // past 60 (12-31) and 30 (01-30) days before
    const all = await eventually(async () => ((await reminders(holder)).length === 3 ? reminders(holder) : undefined), 10_000, 'the 60- and 30-day reminders');
    expect(all.map((n) => n.data.daysBefore).sort((a, b) => a - b)).toEqual([30, 60, 90]);

    await moveTo('2031-02-28T17:00:00Z'); // 2031-03-01 01:00: the last valid day
    await settledAt('2031-02-28T17:00:00Z');
    expect((await permit(holder)).status).toBe('expiring');
    await portal.post(admin, '/api/v1/_test/clock', { now: '2031-02-28T16:00:00Z' }).expect(409); // never back
    await moveTo('2031-03-01T16:00:00Z'); // 2031-03-02 00:00: expired
    await eventually(async () => (await permit(holder)).status === 'expired', 10_000, 'the permit to expire');
    const history = await portal.get(holder, `/api/v1/permits/${p.permitNo}`).expect(200);
    expect(history.body.history.map((h: { action: string }) => h.action)).toEqual(['issued', 'expiring', 'expiring', 'expiring', 'expired']);
    expect(await reminders(holder)).toHaveLength(3);
  });

  it("retires the old validity's reminders when the permit is renewed", async () => {
    const holder = anApplicant();
    await decided(holder, 'new'); // today 2031-03-02: valid to 2036-03-01
    const p = await permit(holder);
    expect(p.validTo).toBe('2036-03-01');
    await moveTo('2035-12-01T17:00:00Z'); // 2035-12-02: 90 days before
    await eventually(async () => (await reminders(holder)).length === 1, 10_000, 'the 90-day reminder');

    await decided(holder, 'renewal', { permitNo: p.permitNo }); // filed before 2035-12-31 (60 days before expiry)
    const renewed = await permit(holder);
    expect(renewed).toMatchObject({ permitNo: p.permitNo, validTo: '2041-03-01', status: 'valid' });

    await moveTo('2036-03-02T00:00:00Z'); // past the old 60- and 30-day reminders and the old expiry
    await settledAt('2036-03-02T00:00:00Z');
    expect(await reminders(holder)).toHaveLength(1);
    expect((await permit(holder)).status).toBe('valid');
  });

  it('deems a timely renewal still undecided at the end granted: the case closes approved (deemed), red, and a later decision is refused', async () => {
    const holder = anApplicant();
    await decided(holder, 'new'); // today 2036-03-02: valid to 2041-03-01
    const p = await permit(holder);
    expect(p.validTo).toBe('2041-03-01');
    await moveTo('2040-12-01T02:00:00Z'); // within the lead time (renewals by 2040-12-31)
    const { body } = await portal
      .post(holder, '/api/v1/applications', await portal.applicationFor(holder, 'discharge_permit', { permitNo: p.permitNo }, 'renewal'))
      .expect(201);
    const acc = await portal.taskFor(window, body.id, 'acceptance');
    await portal.complete(window, acc.id, 'accept').expect(200);
    const pollution = aStaff('pollution');
    const review = await portal.taskFor(pollution, body.id, 'review');
    // an expert study pauses the renewal's own clock: only the permit's end can make it overdue
    await portal
      .post(pollution, `/api/v1/applications/${body.id}/clock/suspend`, { reason: 'expert_review', expectedDays: 120, comment: 'outfall study' })
      .expect(200);

    await moveTo('2041-03-01T16:00:00Z'); // 2041-03-02 00:00 in Shanghai: the day after the last valid day
    const deemed = await eventually(
      async () => {
        const now = (await portal.get(holder, '/api/v1/permits').expect(200)).body.items[0] as { validTo: string; status: string; deemedRenewal: boolean };
        return now.validTo !== '2041-03-01' ? now : undefined;
      },
      10_000,
      'the deemed renewal',
    );
    expect(deemed).toMatchObject({ status: 'valid', deemedRenewal: true, validTo: '2046-03-01' });
    await portal.notification(aStaff('approval', ['head']), body.id, 'sla_red');

    // the renewal case closed approved (deemed), and stays red in every view, whatever the clock does next
    const closed = await portal.status(holder, body.id, 'approved');
    expect(closed.sla.level).toBe('red');
    await moveTo('2041-03-03T02:00:00Z');
    await settledAt('2041-03-03T02:00:00Z');
    expect((await portal.get(aStaff('approval'), `/api/v1/applications/${body.id}`).expect(200)).body).toMatchObject({
      status: 'approved',
      sla: { level: 'red' },
    });
    // nothing is left to decide: the review (a reject would deny what the law granted), the clock, the decision
    expect((await portal.complete(pollution, review.id, 'reject', { comment: 'too late' })).status).toBe(409);
    // the section holds no task of it any more (403); a head finds the case closed (409)
    expect((await portal.post(pollution, `/api/v1/applications/${body.id}/clock/resume`, {})).status).toBe(403);
    expect((await portal.post(aStaff('pollution', ['head']), `/api/v1/applications/${body.id}/clock/resume`, {})).status).toBe(409);
    expect((await portal.get(pollution, `/api/v1/tasks?status=open&applicationId=${body.id}`).expect(200)).body.items).toEqual([]);
    const decision = await portal.notification(holder, body.id, 'decision');
    expect(decision).toBeTruthy();

    // the integrity report lists the law's renewal as an override
    const integrity = (await portal.get(anAuditor(), '/api/v1/reports/integrity').expect(200)).body;
    expect(integrity.overrides).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          caseId: body.id,
          applicationId: body.id,
          userId: 'system:deemed-renewal',
          detail: expect.objectContaining({ kind: 'deemed_renewal', permitNo: p.permitNo }),
        }),
      ]),
    );
    expect((await portal.get(holder, '/api/v1/permits').expect(200)).body.items[0]).toMatchObject({
      validTo: '2046-03-01',
      deemedRenewal: true,
      status: 'valid',
    });
    const history = await portal.get(holder, `/api/v1/permits/${p.permitNo}`).expect(200);
    const actions = history.body.history.map((h: { action: string }) => h.action);
    expect(actions).not.toContain('expired');
    expect(actions.at(-1)).toBe('deemed_renewed');
  });

  it("deems a renewal still at the window (waiting for a supplement) granted, for the licence's own validity (3 years)", async () => {
    const collector = anApplicant();
    // a hazardous-waste collection licence (HB-008-01): 3 years
    const catalog = (await portal.get(collector, '/api/v1/catalog/items').expect(200)).body as {
      subItems: { code: string; materials: { code: string; required: boolean }[] }[];
    }[];
    const materialsOf = async (code: string) => {
      const sub = catalog.flatMap((i) => i.subItems).find((x) => x.code === code)!;
      const out = [];
      for (const m of sub.materials.filter((x) => x.required)) {
        const up = await portal.upload(collector, aPdf(`${m.code} ${Math.random()}`), `${m.code}.pdf`);
        out.push({ code: m.code, fileName: `${m.code}.pdf`, sha256: up.body.sha256 as string });
      }
      return out;
    };
    const created = await portal
      .post(collector, '/api/v1/applications', { subItemCode: 'HB-008-01', project: { name: 'Collection point' }, materials: await materialsOf('HB-008-01') })
      .expect(201);
    const id = created.body.id as string;
    for (let guard = 0; guard < 30; guard++) {
      const view = (await portal.get(admin, `/api/v1/applications/${id}`).expect(200)).body as {
        status: string;
        openTasks: { id: string; kind: string; dept: Dept }[];
      };
      if (view.status === 'approved') break;
      for (const t of view.openTasks) {
        const res = await portal.complete(aStaff(t.dept, t.kind === 'decision' ? ['head'] : ['officer']), t.id, t.kind === 'acceptance' ? 'accept' : 'approve');
        if (res.status !== 200 && res.status !== 409) throw new Error(`${t.kind}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const licence = await eventually(
      async () =>
        ((await portal.get(collector, '/api/v1/permits').expect(200)).body.items as { permitNo: string; validTo: string }[]).find((x) =>
          x.permitNo.startsWith('WF-'),
        ),
      10_000,
      'the collection licence',
    );
    expect(licence.validTo).toBe('2044-03-02'); // issued 2041-03-03: 3 years

    await moveTo('2043-12-01T02:00:00Z'); // well within the lead time (30 working days)
    const renewal = await portal
      .post(collector, '/api/v1/applications', {
        subItemCode: 'HB-007-03',
        project: { name: 'Collection point', permitNo: licence.permitNo },
        materials: await materialsOf('HB-007-03'),
      })
      .expect(201);
    const rid = renewal.body.id as string;
    const acc = await portal.taskFor(window, rid, 'acceptance');
    const sub = catalog.flatMap((i) => i.subItems).find((x) => x.code === 'HB-007-03')!;
    await portal.complete(window, acc.id, 'request_correction', { corrections: [sub.materials[0].code], comment: 'sign page 2' }).expect(200);
    await portal.status(collector, rid, 'correction_requested');

    await moveTo('2044-03-02T16:00:00Z'); // 2044-03-03 in Shanghai: the day after the last valid day
    const renewed = await eventually(
      async () => {
        const now = (
          (await portal.get(collector, '/api/v1/permits').expect(200)).body.items as {
            permitNo: string;
            validTo: string;
            deemedRenewal: boolean;
            status: string;
          }[]
        ).find((x) => x.permitNo === licence.permitNo);
        return now && now.validTo !== licence.validTo ? now : undefined;
      },
      10_000,
      'the deemed renewal at the window',
    );
    // its own rule: 3 more years, not 5
    expect(renewed).toMatchObject({ status: 'valid', deemedRenewal: true, validTo: '2047-03-02' });
    const closed = await portal.status(collector, rid, 'approved');
    expect(closed.sla.level).toBe('red');
    expect(closed.openTasks).toEqual([]);
    // the window can no longer refuse it, nor the applicant hand in the supplement
    expect((await portal.complete(window, acc.id, 'not_accept', { comment: 'late' })).status).toBe(409);
    expect((await portal.post(collector, `/api/v1/applications/${rid}/supplements`, { materials: await materialsOf('HB-007-03') })).status).toBe(409);
  });

  it('leaves an audit store that verifies: every change above wrote its audit entry with it', async () => {
    // the permit register, applications' status and decision numbers, plans: each in its record's chain
    expect((await portal.get(anAuditor(), '/api/v1/audit/verify').expect(200)).body).toMatchObject({ ok: true });
  });
});
