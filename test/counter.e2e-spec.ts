import { aPdf } from '../apps/intake/src/files/testing/samples';
import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { anAdmin, anApplicant, anAuditor, aStaff } from './support/users';

jest.setTimeout(300_000); // the system boots in this time too, on a loaded machine

type Applicant = ReturnType<typeof anApplicant>;
type Staff = ReturnType<typeof aStaff>;

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The service hall's counter (API.md "Applications": onBehalfOf, channel), cases handled outside in the report, and
 * the applicants' ratings (API.md "Reports": 好差评), through the gateway as the portal and the workbench use them.
 */
describe('the counter and the ratings', () => {
  let sys: RunningSystem;
  let portal: Portal;
  const clerk = aStaff('window');

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'counter' });
    portal = new Portal(sys);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  /** The clerk uploads every required material of a sub-item for the enterprise, as it hands the papers over the counter. */
  async function counterBody(by: Staff, enterprise: Applicant, subItemCode: string) {
    const res = await portal.get(by, '/api/v1/catalog/items').expect(200);
    const sub = (res.body as { subItems: { code: string; materials: { code: string; required: boolean }[] }[] }[])
      .flatMap((i) => i.subItems)
      .find((s) => s.code === subItemCode)!;
    const materials = [];
    for (const m of sub.materials.filter((x) => x.required)) {
      const up = await sys
        .http()
        .post(`/api/v1/files?onBehalfOf=${enterprise.creditCode}`)
        .set('Authorization', by.auth)
        .attach('file', aPdf(`${m.code} ${Math.random()}`), { filename: `${m.code}.pdf`, contentType: 'application/pdf' })
        .expect(201);
      materials.push({ code: m.code, fileName: `${m.code}.pdf`, sha256: up.body.sha256 as string });
    }
    return {
      subItemCode,
      project: { name: `Counter project ${Math.random().toString(36).slice(2, 8)}` },
      materials,
      onBehalfOf: { creditCode: enterprise.creditCode, name: enterprise.name },
    };
  }

  it('files at the counter for the enterprise, which sees and follows the case as its own', async () => {
    const enterprise = anApplicant();
    // HB-007-01 needs the enterprise in person at a step (fullyOnline: false): filed at the counter, and online too
    const body = await counterBody(clerk, enterprise, 'HB-007-01');
    const created = await portal.post(clerk, '/api/v1/applications', body).expect(201);
    expect(created.body).toMatchObject({ status: 'submitted', subItemCode: 'HB-007-01', licenseType: 'hazardous_waste' });
    const id = created.body.id as string;

    const own = await portal.get(enterprise, `/api/v1/applications/${id}`).expect(200);
    expect(own.body).toMatchObject({ id, channel: 'counter', applicant: { creditCode: enterprise.creditCode, name: enterprise.name } });
    expect(own.body.project).not.toHaveProperty('onBehalfOf');
    const list = await portal.get(enterprise, '/api/v1/applications').expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id, channel: 'counter' })]);
    await portal.get(anApplicant(), `/api/v1/applications/${id}`).expect(404);

    // the clerk's uploads are the enterprise's: it reads them; another enterprise does not
    const sha = body.materials[0].sha256;
    await portal.get(enterprise, `/api/v1/files/${sha}`).expect(200);
    await portal.get(anApplicant(), `/api/v1/files/${sha}`).expect(404);
    await portal.get(aStaff('pollution'), `/api/v1/files/${sha}`).expect(200);

    // the window accepts it like any other
    const acc = await portal.taskFor(clerk, id, 'acceptance');
    await portal.complete(clerk, acc.id, 'accept').expect(200);

    // online filing of the same sub-item stays open to the applicant (no sub-item is offline-only)
    const online = await portal.post(enterprise, '/api/v1/applications', await portal.applicationFor(enterprise, 'hazardous_waste')).expect(201);
    const mine = await portal.get(enterprise, `/api/v1/applications/${online.body.id as string}`).expect(200);
    expect(mine.body.channel).toBe('portal');
  });

  it('lets only the window file or upload for an enterprise (403 for other staff, applicants and administrators)', async () => {
    const enterprise = anApplicant();
    const body = await counterBody(clerk, enterprise, 'HB-005-02');
    for (const who of [aStaff('pollution'), aStaff('approval', ['head']), anAdmin(), anAuditor(), anApplicant()]) {
      const res = await portal.post(who, '/api/v1/applications', body);
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
      const up = await sys
        .http()
        .post(`/api/v1/files?onBehalfOf=${enterprise.creditCode}`)
        .set('Authorization', who.auth)
        .attach('file', aPdf(`x ${Math.random()}`), { filename: 'x.pdf', contentType: 'application/pdf' });
      expect(up.status).toBe(403);
    }
    // the window without onBehalfOf files in nobody's name
    const { onBehalfOf: _, ...plain } = body;
    expect((await portal.post(clerk, '/api/v1/applications', plain)).status).toBe(403);
    // a trailing slash reaches the same rule
    expect((await portal.post(aStaff('pollution'), '/api/v1/applications/', body)).status).toBe(403);
    // a bad credit code is 400 naming the field
    const bad = await portal.post(clerk, '/api/v1/applications', { ...body, onBehalfOf: { creditCode: '91350100M000100Y44', name: 'X' } }).expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('onBehalfOf.creditCode');
    // the clerk cannot file another enterprise's files for this one
    const other = anApplicant();
    const foreign = await counterBody(clerk, other, 'HB-005-02');
    const mixed = await portal.post(clerk, '/api/v1/applications', { ...body, materials: foreign.materials }).expect(400);
    expect(JSON.stringify(mixed.body.message)).toContain('never uploaded');
    // and the counter filing itself works
    const ok = await portal.post(clerk, '/api/v1/applications', body).expect(201);
    expect((await portal.get(enterprise, `/api/v1/applications/${ok.body.id as string}`).expect(200)).body.channel).toBe('counter');
  });

  it('reports the channels apart and counts the cases handled outside against the window', async () => {
    const head = aStaff('window', ['head']);
    await portal
      .post(aStaff('window'), '/api/v1/reports/handled-outside', { subItemCode: 'HB-005-02', receivedOn: today(), count: 2, reason: '停机' })
      .expect(403);
    // a head, but of another department: the role alone does not let them in
    await portal
      .post(aStaff('approval', ['head']), '/api/v1/reports/handled-outside', { subItemCode: 'HB-005-02', receivedOn: today(), count: 2, reason: '停机' })
      .expect(403);
    await portal.post(head, '/api/v1/reports/handled-outside', { subItemCode: 'HB-999-99', receivedOn: today(), count: 2, reason: '停机' }).expect(400);
    await portal.post(head, '/api/v1/reports/handled-outside', { subItemCode: 'HB-005-02', receivedOn: today(), count: 0, reason: '停机' }).expect(400);
    const recorded = await portal
      .post(head, '/api/v1/reports/handled-outside', { subItemCode: 'HB-005-02', receivedOn: today(), count: 2, reason: '系统停机期间纸质受理' })
      .expect(201);
    expect(recorded.body).toMatchObject({ subItemCode: 'HB-005-02', count: 2, recordedBy: head.id });

    const r = (await portal.get(anAuditor(), `/api/v1/reports/business-environment?from=${today()}&to=${today()}`).expect(200)).body;
    expect(r.byChannel).toEqual({ portal: expect.any(Number), counter: expect.any(Number), national: 0 });
    expect(r.byChannel.counter).toBeGreaterThanOrEqual(2);
    expect(r.byChannel.portal).toBeGreaterThanOrEqual(1);
    const window = r.byChannel.portal + r.byChannel.counter + r.byChannel.national;
    expect(r.singleWindowReceipt).toEqual({ received: window + 2, throughTheWindow: window, handledOutside: 2, byChannel: r.byChannel });
    expect(r.singleWindowAcceptanceRate).toBeCloseTo(window / (window + 2), 3);
    expect(r.singleWindowAcceptanceRate).toBeLessThan(1);
    expect(r.onlineShares.catalogue).toMatchObject({ subItems: r.subItems, fullyOnline: r.fullyOnlineSubItems });
    expect(r.onlineShares.decided).toHaveProperty('zeroVisitShare');

    const csv = await portal.get(anAuditor(), `/api/v1/reports/business-environment?from=${today()}&to=${today()}&format=csv`).expect(200);
    expect(csv.text).toContain(`overall,,received.counter,${r.byChannel.counter}`);
    expect(csv.text).toContain('overall,,handledOutside,2');
  });

  it('takes one rating of a decided case from its enterprise; a 1 or 2 opens a follow-up for the window', async () => {
    const applicant = anApplicant();
    const created = await portal.post(applicant, '/api/v1/applications', await portal.applicationFor(applicant, 'discharge_permit', {}, 'new')).expect(201);
    const id = created.body.id as string;
    const early = await portal.post(applicant, `/api/v1/applications/${id}/rating`, { score: 5 }).expect(409);
    expect(early.body.code).toBe('NOT_DECIDED');

    const acc = await portal.taskFor(clerk, id, 'acceptance');
    await portal.complete(clerk, acc.id, 'accept').expect(200);
    await portal.approveDischargePermit(id);
    await portal.status(applicant, id, 'approved');
    await portal.recorded(applicant, id, 'approved'); // the rating reads intake's record, which follows the owner's

    for (const score of [0, 6, 2.5, '5', null]) await portal.post(applicant, `/api/v1/applications/${id}/rating`, { score }).expect(400);
    await portal.post(applicant, `/api/v1/applications/${id}/rating`, { score: 2, extra: 1 }).expect(400);
    await portal.post(clerk, `/api/v1/applications/${id}/rating`, { score: 5 }).expect(403);
    await portal.post(anApplicant(), `/api/v1/applications/${id}/rating`, { score: 5 }).expect(404);

    const rated = await portal.post(applicant, `/api/v1/applications/${id}/rating`, { score: 2, comment: '等待时间太长' }).expect(201);
    expect(rated.body).toMatchObject({ applicationId: id, score: 2, comment: '等待时间太长', followUp: true });
    const again = await portal.post(applicant, `/api/v1/applications/${id}/rating`, { score: 5 }).expect(409);
    expect(again.body.code).toBe('ALREADY_RATED');
    expect((await portal.get(applicant, `/api/v1/applications/${id}`).expect(200)).body.rating).toMatchObject({ score: 2 });

    // the window's follow-up: in its inbox, completed like any task
    const followUp = await eventually(async () => {
      const res = await portal.get(clerk, '/api/v1/tasks?status=open&kind=rating_follow_up').expect(200);
      return (res.body.items as { id: string; dept: string }[])[0];
    });
    expect(followUp.dept).toBe('window');
    await portal.complete(clerk, followUp.id, 'approve', { comment: '已电话回访，说明原因' }).expect(200);

    const r = (await portal.get(anAuditor(), `/api/v1/reports/business-environment?from=${today()}&to=${today()}`).expect(200)).body;
    expect(r.ratings).toEqual({ count: 1, average: 2, satisfiedShare: 0, byScore: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 0 }, followUps: 1 });
    expect(r.onlineShares.decided).toEqual({ cases: 1, fullyOnline: 1, fullyOnlineShare: 1, zeroVisit: 1, zeroVisitShare: 1 });

    // a 4 or 5 opens nothing
    const happy = anApplicant();
    const second = await portal.post(happy, '/api/v1/applications', await portal.applicationFor(happy, 'discharge_permit', {}, 'new')).expect(201);
    const sid = second.body.id as string;
    await portal.complete(clerk, (await portal.taskFor(clerk, sid, 'acceptance')).id, 'accept').expect(200);
    await portal.approveDischargePermit(sid);
    await portal.status(happy, sid, 'approved');
    await portal.recorded(happy, sid, 'approved');
    expect((await portal.post(happy, `/api/v1/applications/${sid}/rating`, { score: 5 }).expect(201)).body.followUp).toBe(false);
    const csv = await portal.get(anAuditor(), `/api/v1/reports/business-environment?from=${today()}&to=${today()}&format=csv`).expect(200);
    expect(csv.text).toContain('overall,,ratings.average,3.5');
    expect(csv.text).toContain('overall,,ratings.satisfiedShare,0.5');
    const open = await portal.get(clerk, '/api/v1/tasks?status=open&kind=rating_follow_up').expect(200);
    expect(open.body.items).toEqual([]);

    // public decisions, newest first like every list, paged the same way
    const published = await sys.http().get(`/api/v1/public/decisions?from=${today()}&to=${today()}`).expect(200);
    expect(published.body.items.map((d: { applicationId: string }) => d.applicationId)).toEqual([sid, id]);
    const page1 = await sys.http().get(`/api/v1/public/decisions?from=${today()}&to=${today()}&limit=1`).expect(200);
    expect(page1.body.items[0].applicationId).toBe(sid);
    const page2 = await sys
      .http()
      .get(`/api/v1/public/decisions?from=${today()}&to=${today()}&limit=1&cursor=${encodeURIComponent(page1.body.nextCursor as string)}`)
      .expect(200);
    expect(page2.body).toMatchObject({ items: [expect.objectContaining({ applicationId: id })], nextCursor: null });
  });
});

/** 延续登记 (API.md "Permits"): a discharge registration renewed under the same number, five more years on. */
describe('registration renewal', () => {
  let sys: RunningSystem;
  let portal: Portal;

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'regrenew' });
    portal = new Portal(sys);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const registration = (p: Portal, holder: Applicant, no: string) =>
    eventually(
      async () =>
        ((await p.get(holder, '/api/v1/permits').expect(200)).body.items as { permitNo: string; validFrom: string; validTo: string; status: string }[]).find(
          (x) => x.permitNo === no,
        ),
      10_000,
      `registration ${no}`,
    );

  it('keeps the number and runs five more years from the day after the registration ends; another holder cannot renew it', async () => {
    const holder = anApplicant();
    const first = await portal.post(holder, '/api/v1/applications', await portal.applicationFor(holder, 'discharge_permit', {}, 'filing')).expect(201);
    const no = first.body.filingNo as string;
    expect(no).toMatch(/^DJ-\d{4}-\d{6}$/);
    const before = await registration(portal, holder, no);
    const [y, m, d] = before.validFrom.split('-').map(Number);
    expect(before.validTo).toBe(new Date(Date.UTC(y + 5, m - 1, d - 1)).toISOString().slice(0, 10));

    // another enterprise naming it is 400, nothing filed
    const stranger = anApplicant();
    await portal
      .post(
        stranger,
        '/api/v1/applications',
        await portal.applicationFor(stranger, 'discharge_permit', { permitNo: no, registrationAction: 'renewal' }, 'filing'),
      )
      .expect(400);

    const renewal = await portal
      .post(holder, '/api/v1/applications', await portal.applicationFor(holder, 'discharge_permit', { permitNo: no, registrationAction: 'renewal' }, 'filing'))
      .expect(201);
    expect(renewal.body).toMatchObject({ status: 'approved', filingNo: no });
    const after = await eventually(
      async () => {
        const r = await registration(portal, holder, no);
        return r.validTo !== before.validTo ? r : undefined;
      },
      10_000,
      'the renewed registration',
    );
    expect(after).toMatchObject({ permitNo: no, status: 'valid', validFrom: before.validFrom });
    expect(after.validTo).toBe(new Date(Date.UTC(y + 10, m - 1, d - 1)).toISOString().slice(0, 10));
    const history = (await portal.get(holder, `/api/v1/permits/${no}`).expect(200)).body.history.map((h: { action: string }) => h.action);
    expect(history).toEqual(['issued', 'renewed']);
    // one registration, never a second number
    const mine = (await portal.get(holder, '/api/v1/permits').expect(200)).body.items as unknown[];
    expect(mine).toHaveLength(1);

    // the window renews it at the counter for the enterprise just the same
    const clerk = aStaff('window');
    const body = await portal.applicationFor(holder, 'discharge_permit', { permitNo: no, registrationAction: 'renewal' }, 'filing');
    const up = await sys
      .http()
      .post(`/api/v1/files?onBehalfOf=${holder.creditCode}`)
      .set('Authorization', clerk.auth)
      .attach('file', aPdf(`renewal ${Math.random()}`), { filename: 'r.pdf', contentType: 'application/pdf' })
      .expect(201);
    const counter = await portal
      .post(clerk, '/api/v1/applications', {
        ...body,
        materials: body.materials.map((mat) => ({ ...mat, sha256: up.body.sha256 as string })),
        onBehalfOf: { creditCode: holder.creditCode, name: holder.name },
      })
      .expect(201);
    expect(counter.body).toMatchObject({ status: 'approved', filingNo: no });
    expect((await portal.get(holder, `/api/v1/applications/${counter.body.id as string}`).expect(200)).body.channel).toBe('counter');
  });
});
