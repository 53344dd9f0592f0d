import { aPdf } from '../apps/intake/src/files/testing/samples';
import type { Dept } from '../libs/contracts/src/enums';
import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { anAdmin, anApplicant, aStaff } from './support/users';

jest.setTimeout(300_000);

type Applicant = ReturnType<typeof anApplicant>;
type SubItem = { code: string; kind: string; statutoryLimit: { days: number }; materials: { code: string; required: boolean }[] };
type Task = { id: string; kind: string; dept: Dept };

/**
 * Every sub-item of the catalog from submission to its end, on one running system (manual clock: the EIA public
 * notices are waits that only a moving clock ends). Filings with limit 0 are answered at once; everything else runs
 * its workflow, every task approved, to `approved`. The sub-items that act on a permit also prove that nothing an
 * applicant sends chooses the path: routing-like fields are 400, and the steps are the licence's full review.
 */
describe('every sub-item, submission to end', () => {
  let sys: RunningSystem;
  let portal: Portal;
  let catalog: Map<string, SubItem>;
  const admin = anAdmin();
  let now = Date.parse('2026-03-02T02:00:00Z');

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'subitems', clock: 'manual', clockStart: new Date(now).toISOString() });
    portal = new Portal(sys);
    const items = (await portal.get(admin, '/api/v1/catalog/items').expect(200)).body as { subItems: SubItem[] }[];
    catalog = new Map(items.flatMap((i) => i.subItems).map((s) => [s.code, s]));
  });
  afterAll(async () => {
    await sys?.stop();
  });

  async function body(applicant: Applicant, code: string, project: Record<string, unknown> = {}) {
    const sub = catalog.get(code)!;
    const materials = [];
    for (const m of sub.materials.filter((x) => x.required)) {
      const up = await portal.upload(applicant, aPdf(`${m.code} ${Math.random().toString(36).slice(2)}`), `${m.code}.pdf`);
      materials.push({ code: m.code, fileName: `${m.code}.pdf`, sha256: up.body.sha256 as string });
    }
    return { subItemCode: code, project: { name: `Project ${code}`, ...project }, materials };
  }

  /** Approves every open task (acceptance: accept) until the case ends; moves the clock on through waits. Returns the task kinds done. */
  async function driveToEnd(id: string): Promise<{ kinds: string[]; depts: string[] }> {
    const done: string[] = [];
    const depts: string[] = [];
    let idle = 0;
    for (let guard = 0; guard < 60; guard++) {
      const view = (await portal.get(admin, `/api/v1/applications/${id}`).expect(200)).body as { status: string; openTasks: Task[] };
      if (['approved', 'denied', 'not_accepted'].includes(view.status)) return { kinds: done, depts };
      if (view.openTasks.length === 0) {
        // a queue hop, or a wait (public notice): after a few idle looks, move the clock 15 days on
        if (++idle % 10 === 0) {
          now += 15 * 86_400_000;
          await portal.post(admin, '/api/v1/_test/clock', { now: new Date(now).toISOString() }).expect(200);
        }
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      idle = 0;
      for (const t of view.openTasks) {
        const res = await portal.complete(aStaff(t.dept, t.kind === 'decision' ? ['head'] : ['officer']), t.id, t.kind === 'acceptance' ? 'accept' : 'approve');
        if (res.status === 200) {
          done.push(t.kind);
          depts.push(t.dept);
        } else if (res.status !== 409) throw new Error(`completing ${t.kind} of ${id}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    throw new Error(`case ${id} did not end`);
  }

  async function submitAndEnd(applicant: Applicant, code: string, project: Record<string, unknown> = {}) {
    const created = await portal.post(applicant, '/api/v1/applications', await body(applicant, code, project));
    if (created.status !== 201) throw new Error(`${code}: ${created.status} ${JSON.stringify(created.body)}`);
    const { kinds, depts } = created.body.status === 'approved' ? { kinds: [], depts: [] } : await driveToEnd(created.body.id);
    const view = await portal.status(applicant, created.body.id, 'approved');
    return { id: created.body.id as string, created: created.body, kinds, depts, view };
  }

  const permits = async (applicant: Applicant) =>
    (await portal.get(applicant, '/api/v1/permits').expect(200)).body.items as {
      permitNo: string;
      licenseType: string;
      validTo: string | null;
      status: string;
      managementCategory: string | null;
      holderName: string;
    }[];
  const permitOf = (applicant: Applicant, prefix: string) =>
    eventually(async () => (await permits(applicant)).find((p) => p.permitNo.startsWith(prefix)), 10_000, `a ${prefix} permit`);

  /** Routing-like fields an applicant might send: each is an unknown field (400), and nothing is filed. */
  async function refusesRoutingFields(applicant: Applicant, code: string, project: Record<string, unknown>) {
    const before = (await portal.get(applicant, '/api/v1/applications').expect(200)).body.items.length;
    for (const field of [{ managementCategory: 'registration' }, { eiaCategory: 'registration' }, { managementCategory: 'simplified' }]) {
      const res = await portal.post(applicant, '/api/v1/applications', await body(applicant, code, { ...project, ...field })).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(Object.keys(field)[0]);
    }
    expect((await portal.get(applicant, '/api/v1/applications').expect(200)).body.items).toHaveLength(before);
  }

  const DISCHARGE_PATH = ['acceptance', 'review', 'countersign', 'countersign', 'decision'];
  const STANDARD_PATH: Record<string, string[]> = {
    hazardous_waste: ['acceptance', 'review', 'countersign', 'countersign', 'countersign', 'decision'],
    radiation_safety: ['acceptance', 'review', 'countersign', 'countersign', 'decision'],
    weee_processing: ['acceptance', 'review', 'countersign', 'countersign', 'decision'],
  };
  const EIA_FULL_PATH = ['acceptance', 'review', 'technical_assessment', 'countersign', 'countersign', 'countersign', 'decision'];

  it('runs the discharge permit family: key and simplified permits, renewal, change, cancellation; then refuses to renew the cancelled permit', async () => {
    const holder = anApplicant();
    const key = await submitAndEnd(holder, 'HB-005-01');
    expect(key.kinds).toEqual(DISCHARGE_PATH);
    const permit = await permitOf(holder, 'PW-');
    expect(permit).toMatchObject({ managementCategory: 'key', status: 'valid' });
    await submitAndEnd(anApplicant(), 'HB-005-02');

    for (const [code, project] of [
      ['HB-005-03', { permitNo: permit.permitNo }],
      ['HB-005-04', { permitNo: permit.permitNo, changes: { holderName: 'Renamed Co.' } }],
      ['HB-005-05', { permitNo: permit.permitNo }],
    ] as const) {
      await refusesRoutingFields(holder, code, project);
      const run = await submitAndEnd(holder, code, project);
      expect({ code, kinds: run.kinds }).toEqual({ code, kinds: DISCHARGE_PATH });
    }
    expect((await permits(holder)).find((p) => p.permitNo === permit.permitNo)).toMatchObject({ status: 'cancelled', holderName: 'Renamed Co.' });
    const refused = await portal.post(holder, '/api/v1/applications', await body(holder, 'HB-005-03', { permitNo: permit.permitNo })).expect(400);
    expect(JSON.stringify(refused.body.message)).toContain(`${permit.permitNo} is cancelled`);
  });

  it('answers the discharge registration at once, first, change and cancellation under one number, and keeps it out of the permit sub-items', async () => {
    const holder = anApplicant();
    const first = await submitAndEnd(holder, 'HB-006-01');
    expect(first.created).toMatchObject({ status: 'approved', filingNo: expect.stringMatching(/^DJ-\d{4}-\d{6}$/) });
    expect(first.view).toMatchObject({ openTasks: [], sla: { clock: 'not_started', level: 'green' }, filingNo: first.created.filingNo });
    const no = first.created.filingNo as string;
    await permitOf(holder, 'DJ-');
    // a registration is no permit: a permit renewal naming it is refused (it would skip the review)
    const asPermit = await portal.post(holder, '/api/v1/applications', await body(holder, 'HB-005-03', { permitNo: no })).expect(400);
    expect(JSON.stringify(asPermit.body.message)).toContain('discharge registration');
    await refusesRoutingFields(holder, 'HB-006-01', { permitNo: no, registrationAction: 'change', changes: { address: 'No. 2 Road' } });

    const change = await submitAndEnd(holder, 'HB-006-01', { permitNo: no, registrationAction: 'change', changes: { holderName: 'Registered Renamed' } });
    expect(change.created).toMatchObject({ status: 'approved', filingNo: no });
    await eventually(
      async () => (await permits(holder)).find((p) => p.permitNo === no && p.holderName === 'Registered Renamed'),
      10_000,
      'the change in the register',
    );
    const cancel = await submitAndEnd(holder, 'HB-006-01', { permitNo: no, registrationAction: 'cancellation' });
    expect(cancel.created).toMatchObject({ status: 'approved', filingNo: no });
    await eventually(
      async () => (await permits(holder)).find((p) => p.permitNo === no && p.status === 'cancelled'),
      10_000,
      'the cancellation in the register',
    );
    await portal
      .post(holder, '/api/v1/applications', await body(holder, 'HB-006-01', { permitNo: no, registrationAction: 'change', changes: { address: 'x' } }))
      .expect(400);
    const tasks = await portal.get(aStaff('window'), '/api/v1/tasks?status=open&limit=1000').expect(200);
    expect(tasks.body.items.filter((t: { applicationId: string }) => t.applicationId === first.id)).toEqual([]);
  });

  it.each<[string, string, string, string]>([
    ['hazardous_waste', 'HB-007-01', 'HB-007-02', 'HB-007-03'],
    ['radiation_safety', 'HB-010-01', 'HB-010-02', 'HB-010-03'],
    ['weee_processing', 'HB-011-01', 'HB-011-02', ''],
  ])('runs %s: the licence, then its change and renewal on the full review', async (type, newCode, changeCode, renewalCode) => {
    const holder = anApplicant();
    expect((await submitAndEnd(holder, newCode)).kinds).toEqual(STANDARD_PATH[type]);
    const permit = await eventually(async () => (await permits(holder)).find((p) => p.licenseType === type), 10_000, 'the licence');
    const on: [string, Record<string, unknown>][] = [[changeCode, { permitNo: permit.permitNo, changes: { legalRepresentative: 'Wang Wu' } }]];
    if (renewalCode) on.push([renewalCode, { permitNo: permit.permitNo }]);
    for (const [code, project] of on) {
      await refusesRoutingFields(holder, code, project);
      expect({ code, kinds: (await submitAndEnd(holder, code, project)).kinds }).toEqual({ code, kinds: STANDARD_PATH[type] });
    }
    // WEEE qualifications have no validity period in the catalog: no expiry, no reminders
    if (type === 'weee_processing') expect((await permits(holder))[0].validTo).toBeNull();
  });

  it('runs the hazardous-waste collection licence (3 years) and the dismantling approval (no validity period)', async () => {
    const collector = anApplicant();
    await submitAndEnd(collector, 'HB-008-01');
    const licence = (await permitOf(collector, 'WF-')) as { validFrom?: string; validTo: string | null };
    const [y, m, d] = licence.validFrom!.split('-').map(Number);
    expect(licence.validTo).toBe(new Date(Date.UTC(y + 3, m - 1, d - 1)).toISOString().slice(0, 10));
    const dismantler = anApplicant();
    await submitAndEnd(dismantler, 'HB-012-01');
    expect(await permitOf(dismantler, 'CC-')).toMatchObject({ validTo: null, status: 'valid' });
  });

  it.each<[string, Dept]>([
    ['HB-009-01', 'solid_waste'],
    ['HB-013-01', 'pollution'],
    ['HB-014-01', 'monitoring'],
  ])('reviews the filing %s by %s and ends it, with no permit', async (code, dept) => {
    const applicant = anApplicant();
    const run = await submitAndEnd(applicant, code);
    expect(run.kinds).toEqual(['acceptance', 'review']);
    expect(run.depts).toEqual(['window', dept]);
    expect(await permits(applicant)).toEqual([]);
  });

  it('runs every EIA sub-item: report books and forms through the full review, the re-review on its own (review, decision), the registration form at once', async () => {
    const applicant = anApplicant();
    for (const code of ['HB-001-01', 'HB-001-02', 'HB-002-01', 'HB-002-02']) {
      expect({ code, kinds: (await submitAndEnd(applicant, code)).kinds }).toEqual({ code, kinds: EIA_FULL_PATH });
    }
    await refusesRoutingFields(applicant, 'HB-003-01', {});
    // 重新审核 (EIA law art. 24): the EIA section's review and a head's decision, no assessment or notices (eia_rereview)
    expect((await submitAndEnd(applicant, 'HB-003-01')).kinds).toEqual(['acceptance', 'review', 'decision']);
    const filing = await submitAndEnd(applicant, 'HB-004-01');
    expect(filing.created).toMatchObject({ status: 'approved', filingNo: expect.stringMatching(/^BA-\d{4}-\d{6}$/) });
    expect(filing.view.openTasks).toEqual([]);
  });

  it('has covered all 25 sub-items', () => {
    expect(catalog.size).toBe(25);
  });
});
