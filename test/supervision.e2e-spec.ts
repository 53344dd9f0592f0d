import { randomUUID } from 'node:crypto';
import { nationalSignature } from '../libs/http/src/signed-request';
import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { aStaff, anAdmin, anApplicant } from './support/users';

jest.setTimeout(300_000); // the system boots in this time too, on a loaded machine

const MONITORING_SECRET = 'e2e-monitoring-secret';
type Applicant = ReturnType<typeof anApplicant>;

/**
 * Supervision after approval over HTTP, every service a process of its own: permit issued → regulated entity
 * → plan → check → violation → penalty (legal review, collective review by heads, decision) → published;
 * monitoring alarm → verification task → off the positive list.
 */
describe('supervision', () => {
  let sys: RunningSystem;
  let portal: Portal;
  const admin = anAdmin();
  const window = aStaff('window');
  const enforcementHead = aStaff('enforcement', ['head']);
  const pollutionHead = aStaff('pollution', ['head']);
  const enforcementOfficer = aStaff('enforcement');
  const legal = aStaff('legal');
  const inspectors = [1, 2, 3].map((i) => aStaff('enforcement', ['officer'], `insp-${i}-${randomUUID().slice(0, 6)}`));
  const a = anApplicant();
  const b = anApplicant();
  let clockMs = Date.parse('2026-07-06T02:00:00.000Z'); // Monday 10:00 in Shanghai

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'supervision', clock: 'manual', clockStart: new Date(clockMs).toISOString(), env: { MONITORING_SECRET } });
    portal = new Portal(sys);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const moveClock = async (ms: number) => {
    const res = await portal.post(admin, '/api/v1/_test/clock', { now: new Date(clockMs + ms).toISOString() }).expect(200);
    clockMs = Date.parse(res.body.now as string);
  };
  const put = (user: { auth: string }, path: string, body: object) => sys.http().put(path).set('Authorization', user.auth).send(body);

  async function issuePermit(applicant: Applicant) {
    const body = await portal.applicationFor(applicant, 'discharge_permit');
    const id = (await portal.post(applicant, '/api/v1/applications', body).expect(201)).body.id as string;
    const acc = await portal.taskFor(window, id, 'acceptance');
    await portal.complete(window, acc.id, 'accept').expect(200);
    await portal.approveDischargePermit(id);
    await portal.status(applicant, id, 'approved');
  }

  const entity = (creditCode: string) =>
    eventually(async () => {
      const res = await portal.get(admin, `/api/v1/supervision/entities/${creditCode}`);
      return res.status === 200 ? res.body : undefined;
    }, 15_000, `entity ${creditCode}`);

  const positiveList = async () => ((await portal.get(enforcementOfficer, '/api/v1/supervision/positive-list?limit=1000').expect(200)).body.items as { creditCode: string }[]).map((e) => e.creditCode);

  function alarm(body: object, o: { secret?: string; nonce?: string } = {}) {
    const raw = JSON.stringify(body);
    const ts = String(Math.floor(clockMs / 1000));
    const nonce = o.nonce ?? randomUUID();
    return sys.http().post('/api/v1/integrations/monitoring/alarms').set('Content-Type', 'application/json').set({ 'X-Timestamp': ts, 'X-Nonce': nonce, 'X-Signature': nationalSignature(o.secret ?? MONITORING_SECRET, ts, nonce, raw) }).send(raw);
  }

  let planId = '';
  let checkA: { id: string; inspectors: string[] };
  let penaltyId = '';

  it('follows the permit register over the queue: an issued permit makes a regulated entity', async () => {
    await issuePermit(a);
    await issuePermit(b);
    const ea = await entity(a.creditCode);
    expect(ea).toMatchObject({ creditCode: a.creditCode, active: true, positiveList: true, onlineMonitoring: false });
    expect(ea.history.map((h: { action: string }) => h.action)).toContain('permit_issued');
    await entity(b.creditCode);
  });

  it('lets a head of enforcement or pollution set risk class and monitoring, keeping the history; 403 for others', async () => {
    await put(enforcementOfficer, `/api/v1/supervision/entities/${a.creditCode}`, { riskClass: 'key' }).expect(403);
    await put(enforcementHead, `/api/v1/supervision/entities/${a.creditCode}`, { riskClass: 'x' }).expect(400);
    await put(enforcementHead, `/api/v1/supervision/entities/${a.creditCode}`, { riskClass: 'key', onlineMonitoring: true }).expect(200);
    await put(pollutionHead, `/api/v1/supervision/entities/${b.creditCode}`, { riskClass: 'general', onlineMonitoring: true }).expect(200);
    const ea = await entity(a.creditCode);
    expect(ea).toMatchObject({ riskClass: 'key', onlineMonitoring: true });
    expect(ea.history.find((h: { action: string }) => h.action === 'classified')).toMatchObject({ actor: enforcementHead.id, detail: { after: { riskClass: 'key', onlineMonitoring: true } } });
  });

  it('keeps the inspector roster with conflicts (admin only)', async () => {
    await put(enforcementHead, `/api/v1/supervision/inspectors/${inspectors[0].id}`, { name: 'X', active: true, conflicts: [] }).expect(403);
    await put(admin, `/api/v1/supervision/inspectors/${inspectors[0].id}`, { name: 'Inspector 1', active: true, conflicts: [a.creditCode] }).expect(200);
    for (const i of inspectors.slice(1)) await put(admin, `/api/v1/supervision/inspectors/${i.id}`, { name: i.name, active: true, conflicts: [] }).expect(200);
    const list = await portal.get(enforcementOfficer, '/api/v1/supervision/inspectors').expect(200);
    expect(list.body.items.find((x: { userId: string }) => x.userId === inspectors[0].id)).toMatchObject({ active: true, conflicts: [a.creditCode] });
  });

  it('draws a reproducible plan: 409 naming the check the roster cannot staff, never a conflicted inspector, verify agrees', async () => {
    const body = { name: 'Q3 double random', period: '2026-Q3', ratios: { key: 1, general: 1, positiveList: 1 }, inspectorsPerCheck: 3 };
    await portal.post(enforcementOfficer, '/api/v1/supervision/plans', { ...body, inspectorsPerCheck: 2 }).expect(403);
    await portal.post(enforcementHead, '/api/v1/supervision/plans', { ...body, inspectorsPerCheck: 1 }).expect(400);
    const short = await portal.post(enforcementHead, '/api/v1/supervision/plans', body).expect(409);
    expect(short.body.message).toContain(a.creditCode);

    const res = await portal.post(enforcementHead, '/api/v1/supervision/plans', { ...body, inspectorsPerCheck: 2 }).expect(201);
    expect(res.body.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.algorithm).toContain('HMAC-SHA256');
    planId = res.body.id;
    checkA = res.body.checks.find((c: { creditCode: string }) => c.creditCode === a.creditCode);
    expect([...checkA.inspectors].sort()).toEqual([inspectors[1].id, inspectors[2].id].sort());
    expect(checkA).toMatchObject({ offSite: true }); // on the positive list with online monitoring
    expect((await portal.get(admin, `/api/v1/supervision/plans/${planId}/verify`).expect(200)).body).toEqual({ ok: true });

    // the same seed over the same inputs draws the same plan
    const again = await portal.post(enforcementHead, '/api/v1/supervision/plans', { ...body, inspectorsPerCheck: 2, seed: res.body.seed }).expect(201);
    expect(again.body.inputsHash).toBe(res.body.inputsHash);
    expect(again.body.checks.map((c: { creditCode: string; inspectors: string[] }) => [c.creditCode, c.inspectors])).toEqual(res.body.checks.map((c: { creditCode: string; inspectors: string[] }) => [c.creditCode, c.inspectors]));
  });

  it("puts each check in its inspectors' task inbox and tells them", async () => {
    const task = await portal.taskFor(inspectors[1], checkA.id, 'inspection');
    expect(task.dueDate).toBe('2026-09-30');
    await portal.notification(inspectors[1], checkA.id, 'inspection_assigned');
    const own = await portal.get(inspectors[1], '/api/v1/supervision/checks?limit=1000').expect(200);
    expect(own.body.items.every((c: { inspectors: string[] }) => c.inspectors.includes(inspectors[1].id))).toBe(true);
    expect(own.body.items.map((c: { id: string }) => c.id)).toContain(checkA.id);
    const mine0 = await portal.get(inspectors[0], '/api/v1/supervision/checks?limit=1000').expect(200);
    expect(mine0.body.items.map((c: { id: string }) => c.id)).not.toContain(checkA.id);
  });

  it('lets only its inspectors record the result, once; a violation opens a penalty case', async () => {
    const task = await portal.taskFor(inspectors[1], checkA.id, 'inspection');
    await portal.complete(inspectors[1], task.id, 'approve').expect(409);
    await portal.post(inspectors[0], `/api/v1/supervision/checks/${checkA.id}/result`, { outcome: 'compliant' }).expect(403);
    await portal.post(enforcementHead, `/api/v1/supervision/checks/${checkA.id}/result`, { outcome: 'compliant' }).expect(403);
    await portal.post(inspectors[1], `/api/v1/supervision/checks/${checkA.id}/result`, { outcome: 'maybe' }).expect(400);
    const res = await portal.post(inspectors[1], `/api/v1/supervision/checks/${checkA.id}/result`, { outcome: 'violation', findings: 'COD over the permitted limit at outlet DW001' }).expect(200);
    penaltyId = res.body.penaltyId;
    expect(penaltyId).toBeTruthy();
    await portal.post(inspectors[2], `/api/v1/supervision/checks/${checkA.id}/result`, { outcome: 'compliant' }).expect(409);
    expect(await positiveList()).not.toContain(a.creditCode); // an open violation
  });

  it('takes the penalty through legal review, collective review by two heads and the decision', async () => {
    const lr = await portal.taskFor(legal, penaltyId, 'legal_review');
    await portal.complete(legal, lr.id, 'approve').expect(200);
    const officerVote = await portal.taskFor(enforcementOfficer, penaltyId, 'countersign');
    await portal.complete(enforcementOfficer, officerVote.id, 'approve').expect(403);
    await portal.complete(enforcementHead, officerVote.id, 'approve').expect(200);
    const pollutionVote = await portal.taskFor(pollutionHead, penaltyId, 'countersign');
    await portal.complete(pollutionHead, pollutionVote.id, 'approve').expect(200);
    const decision = await portal.taskFor(enforcementOfficer, penaltyId, 'penalty_decision');
    await portal.complete(enforcementOfficer, decision.id, 'approve').expect(403); // HEAD_REQUIRED: a penalty decision is a head's
    await portal.complete(aStaff('enforcement', ['head']), decision.id, 'approve').expect(200);
    const penalty = await eventually(async () => {
      const list = await portal.get(admin, '/api/v1/supervision/penalties?limit=1000').expect(200);
      return (list.body.items as { id: string; status: string; publishBy: string }[]).find((p) => p.id === penaltyId && p.status === 'decided');
    }, 10_000, 'penalty decided');
    expect(penalty.publishBy).toBe('2026-07-15'); // 7 working days after Monday 6 July
    const ea = await entity(a.creditCode);
    expect(ea.penaltyUntil).toBe('2028-07-06');
    expect(await positiveList()).not.toContain(a.creditCode);
  });

  it('alerts when the decision is not published within 7 working days, then publishes plan, outcome and decision without a token', async () => {
    await moveClock(10 * 86_400_000); // Thursday 16 July: past the last day to publish
    await portal.notification(enforcementHead, penaltyId, 'sla_red');
    await portal.post(enforcementOfficer, `/api/v1/supervision/penalties/${penaltyId}/publish`).expect(403);
    const pub = await portal.post(enforcementHead, `/api/v1/supervision/penalties/${penaltyId}/publish`).expect(200);
    expect(pub.body).toMatchObject({ status: 'decided', publishedOnTime: false });
    await portal.post(enforcementHead, `/api/v1/supervision/penalties/${penaltyId}/publish`).expect(409);

    const pub2 = await sys.http().get('/api/v1/public/supervision/plans?limit=1000').expect(200);
    const plan = pub2.body.items.find((p: { id: string }) => p.id === planId);
    expect(plan).toMatchObject({ seed: expect.any(String), inputsHash: expect.any(String), algorithm: expect.any(String) });
    expect(plan.checks.find((c: { creditCode: string }) => c.creditCode === a.creditCode)).toMatchObject({ outcome: 'violation', penalty: { decidedOn: '2026-07-06', publishedAt: expect.any(String) } });
  });

  it('takes a monitoring alarm once: an off-site verification for enforcement due the next working day, notified, off the positive list', async () => {
    expect(await positiveList()).toContain(b.creditCode);
    const body = { alarmId: `ALM-${randomUUID()}`, creditCode: b.creditCode, outlet: 'DA001', pollutant: 'SO2', value: 212.5, limit: 100, unit: 'mg/m3', at: new Date(clockMs).toISOString() };
    await alarm(body, { secret: 'wrong-secret' }).expect(401);
    await sys.http().post('/api/v1/integrations/monitoring/alarms').send(body).expect(401);
    const first = await alarm(body).expect(202);
    const verificationId = first.body.verificationId as string;
    expect(verificationId).toBeTruthy();
    const again = await alarm(body).expect(202);
    expect(again.body).toMatchObject({ verificationId, duplicate: true });
    const nonce = randomUUID();
    await alarm({ ...body, alarmId: `ALM-${randomUUID()}`, value: 50 }, { nonce }).expect(202);
    await alarm({ ...body, alarmId: `ALM-${randomUUID()}` }, { nonce }).expect(401); // a nonce is used once

    const task = await portal.taskFor(enforcementOfficer, verificationId, 'alarm_verification');
    expect(task.dueDate).toBe('2026-07-17'); // Thursday 16 July → Friday
    await portal.notification(enforcementOfficer, verificationId, 'monitoring_alarm');
    const open = await portal.get(enforcementOfficer, '/api/v1/tasks?limit=1000').expect(200);
    expect(open.body.items.filter((t: { applicationId: string }) => t.applicationId === verificationId)).toHaveLength(1);
    expect(await positiveList()).not.toContain(b.creditCode);
    expect((await entity(b.creditCode)).alarmUntil).toBe('2027-01-16');
  });

  it('gives the business-environment report its supervision figures, from the supervision API', async () => {
    const res = await portal.get(admin, '/api/v1/reports/business-environment?from=2026-07-01&to=2026-07-31').expect(200);
    expect(res.body.supervision).toMatchObject({
      entities: { total: 2, key: 1, general: 1, onlineMonitoring: 2, positiveList: 0, positiveListShare: 0 },
      penalties: { decided: 1, publishedOnTime: 0, publishedLate: 1, unpublished: 0 },
    });
    // two plans drew both entities (on the positive list and monitored at the draw: off-site); one check found a violation
    expect(res.body.supervision.inspections).toEqual([{ period: '2026-Q3', drawn: 4, done: 1, onSite: 0, offSite: 4, violations: 1 }]);
    await portal.get(admin, '/api/v1/supervision/figures?from=2026-07-31&to=2026-07-01').expect(400);
  });
  it('follows a discharge registration answered at once: filed, changed and cancelled, the entity follows', async () => {
    const holder = anApplicant();
    const first = await portal.post(holder, '/api/v1/applications', await portal.applicationFor(holder, 'discharge_permit', {}, 'filing')).expect(201);
    const no = first.body.filingNo as string;
    expect(await entity(holder.creditCode)).toMatchObject({ active: true });
    const renamed = { permitNo: no, registrationAction: 'change', changes: { holderName: 'Registered Renamed Co.' } };
    await portal.post(holder, '/api/v1/applications', await portal.applicationFor(holder, 'discharge_permit', renamed, 'filing')).expect(201);
    await eventually(async () => (await entity(holder.creditCode)).name === 'Registered Renamed Co.', 15_000, 'the change reaching the entity');
    await portal.post(holder, '/api/v1/applications', await portal.applicationFor(holder, 'discharge_permit', { permitNo: no, registrationAction: 'cancellation' }, 'filing')).expect(201);
    const gone = await eventually(async () => {
      const e = await entity(holder.creditCode);
      return e.active === false && e;
    }, 15_000, 'the cancellation reaching the entity');
    expect(gone.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['permit_issued', 'permit_changed', 'permit_cancelled']));
  });
});
