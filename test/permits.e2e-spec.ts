import { Portal } from './support/portal';
import { RunningSystem } from './support/system';
import { aStaff, anApplicant, anAuditor } from './support/users';

jest.setTimeout(300_000); // the system boots in this time too, on a loaded machine

type Applicant = ReturnType<typeof anApplicant>;

/** The permit register through the portal: issuance, change, renewal, cancellation, each on a case. */
describe('the permit register', () => {
  let sys: RunningSystem;
  let portal: Portal;
  const window = aStaff('window');

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'permits' });
    portal = new Portal(sys);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  /** Files a discharge-permit sub-item and takes it through acceptance, review, countersign and decision. */
  async function decided(applicant: Applicant, kind: string, project: Record<string, unknown> = {}) {
    const body = await portal.applicationFor(applicant, 'discharge_permit', project, kind);
    const created = await portal.post(applicant, '/api/v1/applications', body);
    if (created.status !== 201) return created;
    const id = created.body.id as string;
    const acc = await portal.taskFor(window, id, 'acceptance');
    await portal.complete(window, acc.id, 'accept').expect(200);
    await portal.approveDischargePermit(id);
    await portal.status(applicant, id, 'approved');
    return created;
  }

  async function permitOf(applicant: Applicant) {
    const list = await portal.get(applicant, '/api/v1/permits').expect(200);
    expect(list.body.items).toHaveLength(1);
    return list.body.items[0] as { permitNo: string; validFrom: string; validTo: string; status: string; holderName: string };
  }

  it('issues, changes, renews and cancels one permit, keeping its number and its history', async () => {
    const applicant = anApplicant();
    await decided(applicant, 'new');
    const issued = await permitOf(applicant);
    expect(issued).toMatchObject({ status: 'valid', permitNo: expect.stringMatching(/^PW-\d{4}-\d{6}$/) });
    const [y, m, d] = issued.validFrom.split('-').map(Number);
    expect(issued.validTo).toBe(new Date(Date.UTC(y + 5, m - 1, d - 1)).toISOString().slice(0, 10));

    await decided(applicant, 'change', { permitNo: issued.permitNo, changes: { holderName: 'Renamed Co.', legalRepresentative: 'Li Lei' } });
    const changed = await permitOf(applicant);
    expect(changed).toMatchObject({ permitNo: issued.permitNo, holderName: 'Renamed Co.', validTo: issued.validTo });

    await decided(applicant, 'renewal', { permitNo: issued.permitNo });
    const renewed = await permitOf(applicant);
    expect(renewed.permitNo).toBe(issued.permitNo);
    expect(renewed.validTo > issued.validTo).toBe(true);

    await decided(applicant, 'cancellation', { permitNo: issued.permitNo });
    const cancelled = await permitOf(applicant);
    expect(cancelled.status).toBe('cancelled');

    const one = await portal.get(applicant, `/api/v1/permits/${issued.permitNo}`).expect(200);
    expect(one.body.history.map((h: { action: string }) => h.action)).toEqual(['issued', 'changed', 'renewed', 'cancelled']);
    await portal.get(anApplicant(), `/api/v1/permits/${issued.permitNo}`).expect(404);
  });

  it("refuses a change, renewal or cancellation of a permit that is missing, another holder's, or cancelled", async () => {
    const holder = anApplicant();
    await decided(holder, 'new');
    const permit = await permitOf(holder);
    const stranger = anApplicant();
    const cases: [Applicant, string, Record<string, unknown>, string][] = [
      [stranger, 'renewal', { permitNo: permit.permitNo }, 'permitNo'],
      [holder, 'renewal', {}, 'permitNo'],
      [holder, 'renewal', { permitNo: 'PW-1999-000001' }, 'permitNo'],
      [holder, 'change', { permitNo: permit.permitNo }, 'changes'],
    ];
    for (const [who, kind, project, field] of cases) {
      const res = await portal.post(who, '/api/v1/applications', await portal.applicationFor(who, 'discharge_permit', project, kind)).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    }
    const list = await portal.get(stranger, '/api/v1/applications').expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('gives a key-management case found to need an on-site check the 45-day limit, once', async () => {
    const applicant = anApplicant();
    const { body } = await portal.post(applicant, '/api/v1/applications', await portal.applicationFor(applicant, 'discharge_permit', {}, 'new')).expect(201);
    const acc = await portal.taskFor(window, body.id, 'acceptance');
    await portal.complete(window, acc.id, 'accept').expect(200);
    const pollution = aStaff('pollution');
    await portal.taskFor(pollution, body.id, 'review');
    const before = (await portal.get(applicant, `/api/v1/applications/${body.id}`).expect(200)).body.sla;
    expect(before.statutoryLimit).toEqual({ days: 30, unit: 'calendar' });
    await portal.post(aStaff('legal'), `/api/v1/applications/${body.id}/on-site-check`, {}).expect(403); // holds no task of the case
    const after = (await portal.post(pollution, `/api/v1/applications/${body.id}/on-site-check`, { comment: 'outfall to inspect' }).expect(200)).body.sla;
    expect(after).toMatchObject({ statutoryLimit: { days: 45, unit: 'calendar' }, committedLimit: { days: 22, unit: 'calendar' }, clock: 'running' });
    expect(after.statutoryDeadline > before.statutoryDeadline).toBe(true);
    await portal.post(pollution, `/api/v1/applications/${body.id}/on-site-check`, {}).expect(409);

    const other = anApplicant();
    const simplified = await portal.post(other, '/api/v1/applications', await portal.applicationFor(other, 'radiation_safety')).expect(201);
    const t = await portal.taskFor(window, simplified.body.id, 'acceptance');
    await portal.complete(window, t.id, 'accept').expect(200);
    await portal.taskFor(aStaff('radiation'), simplified.body.id, 'review');
    await portal.post(aStaff('radiation', ['head']), `/api/v1/applications/${simplified.body.id}/on-site-check`, {}).expect(409);
  });

  it('leaves an audit store that verifies: every change above wrote its audit entry with it', async () => {
    // the permit register, applications' status and decision numbers, plans: each in its record's chain
    expect((await portal.get(anAuditor(), '/api/v1/audit/verify').expect(200)).body).toMatchObject({ ok: true });
  });
});
