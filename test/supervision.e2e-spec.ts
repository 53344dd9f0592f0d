import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { nationalSignature } from '../libs/http/src/signed-request';
import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { aStaff, anAdmin, anApplicant, anAuditor } from './support/users';

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
  const auditor = anAuditor();
  const window = aStaff('window');
  const enforcementHead = aStaff('enforcement', ['head']);
  const pollutionHead = aStaff('pollution', ['head']);
  const enforcementOfficer = aStaff('enforcement');
  const enforcementHead2 = aStaff('enforcement', ['head']);
  // the same person as enforcementHead, with a token of another department (moved between two votes)
  const enforcementHeadAsPollution = aStaff('pollution', ['head'], enforcementHead.id);
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
    return id;
  }

  const entity = (creditCode: string) =>
    eventually(
      async () => {
        const res = await portal.get(admin, `/api/v1/supervision/entities/${creditCode}`);
        return res.status === 200 ? res.body : undefined;
      },
      15_000,
      `entity ${creditCode}`,
    );

  const positiveList = async () =>
    ((await portal.get(enforcementOfficer, '/api/v1/supervision/positive-list?limit=1000').expect(200)).body.items as { creditCode: string }[]).map(
      (e) => e.creditCode,
    );

  function alarm(body: object, o: { secret?: string; nonce?: string } = {}) {
    const raw = JSON.stringify(body);
    const ts = String(Math.floor(clockMs / 1000));
    const nonce = o.nonce ?? randomUUID();
    return sys
      .http()
      .post('/api/v1/integrations/monitoring/alarms')
      .set('Content-Type', 'application/json')
      .set({ 'X-Timestamp': ts, 'X-Nonce': nonce, 'X-Signature': nationalSignature(o.secret ?? MONITORING_SECRET, ts, nonce, raw) })
      .send(raw);
  }

  let planId = '';
  let cancelledPlanId = '';
  let checkA: { id: string; inspectors: string[] };
  let checkB: { id: string; inspectors: string[] };
  let penaltyId = '';
  let alarmPenaltyId = '';
  let verificationId = '';
  let licenceA = '';

  it('follows the permit register over the queue: an issued permit makes a regulated entity', async () => {
    licenceA = await issuePermit(a);
    await issuePermit(b);
    const ea = await entity(a.creditCode);
    expect(ea).toMatchObject({ creditCode: a.creditCode, active: true, positiveList: false, onlineMonitoring: false }); // no online monitoring: never on the list
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
    expect(ea.history.find((h: { action: string }) => h.action === 'classified')).toMatchObject({
      actor: enforcementHead.id,
      detail: { after: { riskClass: 'key', onlineMonitoring: true } },
    });
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
    expect(res.body.seed).toBeNull(); // revealed once the period has ended
    expect(res.body.seedCommitment).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.algorithm).toContain('HMAC-SHA256');
    expect(res.body.counts).toEqual({ key: { entities: 0, drawn: 0 }, general: { entities: 0, drawn: 0 }, positiveList: { entities: 2, drawn: 2 } });
    planId = res.body.id;
    checkA = res.body.checks.find((c: { creditCode: string }) => c.creditCode === a.creditCode);
    checkB = res.body.checks.find((c: { creditCode: string }) => c.creditCode === b.creditCode);
    expect([...checkA.inspectors].sort()).toEqual([inspectors[1].id, inspectors[2].id].sort());
    expect(checkA).toMatchObject({ offSite: true }); // on the positive list with online monitoring
    expect((await portal.get(admin, `/api/v1/supervision/plans/${planId}/verify`).expect(200)).body).toEqual({ ok: true });
    expect((await portal.get(enforcementOfficer, `/api/v1/supervision/plans/${planId}`).expect(200)).body).toMatchObject({
      seed: null,
      seedCommitment: res.body.seedCommitment,
      status: 'drawn',
    });
  });

  it('lets nobody choose the seed or undercut the minimum ratios, and keeps one plan per period until it is cancelled', async () => {
    const body = { name: 'Q3 again', period: '2026-Q3', ratios: { key: 1, general: 1, positiveList: 1 }, inspectorsPerCheck: 2 };
    const chosen = await portal.post(enforcementHead, '/api/v1/supervision/plans', { ...body, seed: 'a-seed-tried-offline' }).expect(400);
    expect(JSON.stringify(chosen.body)).toContain('seed');
    const low = await portal
      .post(enforcementHead, '/api/v1/supervision/plans', { ...body, period: '2026-Q4', ratios: { key: 0.01, general: 0.05, positiveList: 0 } })
      .expect(400);
    expect(low.body.message).toContain('ratios.key');
    const lowGeneral = await portal
      .post(enforcementHead, '/api/v1/supervision/plans', { ...body, period: '2026-Q4', ratios: { key: 0.2, general: 0.049, positiveList: 0 } })
      .expect(400);
    expect(lowGeneral.body.message).toContain('ratios.general');
    const second = await portal.post(enforcementHead, '/api/v1/supervision/plans', body).expect(409);
    expect(second.body.code).toBe('PLAN_EXISTS');

    // cancelling: a head of enforcement or admin, with a reason; its open checks leave the inspectors' lists
    await portal.post(enforcementOfficer, `/api/v1/supervision/plans/${planId}/cancel`, { reason: 'x' }).expect(403);
    await portal.post(pollutionHead, `/api/v1/supervision/plans/${planId}/cancel`, { reason: 'x' }).expect(403);
    await portal.post(enforcementHead, `/api/v1/supervision/plans/${planId}/cancel`, { reason: '   ' }).expect(400);
    await portal.post(enforcementHead, `/api/v1/supervision/plans/${planId}/cancel`, {}).expect(400);
    const cancelled = await portal.post(enforcementHead, `/api/v1/supervision/plans/${planId}/cancel`, { reason: 'the register missed an entity' }).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'the register missed an entity', seed: null });
    await portal.post(enforcementHead, `/api/v1/supervision/plans/${planId}/cancel`, { reason: 'again' }).expect(409);
    const audited = (await portal.get(auditor, `/api/v1/supervision/plans/${planId}`).expect(200)).body;
    expect(audited.history.map((h: { action: string; actor: string }) => [h.action, h.actor])).toEqual([
      ['drawn', enforcementHead.id],
      ['cancelled', enforcementHead.id],
    ]);
    expect(audited.history[1].detail).toMatchObject({ reason: 'the register missed an entity', checksWithdrawn: 2 });
    const withdrawn = await portal.get(admin, `/api/v1/supervision/checks?planId=${planId}&limit=1000`).expect(200);
    expect(withdrawn.body.items.map((c: { status: string }) => c.status)).toEqual(['cancelled', 'cancelled']);
    const inbox = await portal.get(inspectors[1], '/api/v1/tasks?limit=1000').expect(200);
    expect(inbox.body.items.filter((t: { applicationId: string }) => t.applicationId === checkA.id)).toEqual([]);
    // every drawn inspector's inspection task of the cancelled plan is gone, the check's case withdrawn with no open task
    for (const i of inspectors) {
      const list = await portal.get(i, '/api/v1/tasks?status=open&limit=1000').expect(200);
      expect(list.body.items.filter((t: { caseId: string }) => t.caseId === checkA.id || t.caseId === checkB.id)).toEqual([]);
    }
    expect((await portal.get(enforcementHead, `/api/v1/cases/${checkA.id}`).expect(200)).body).toMatchObject({
      caseKind: 'inspection',
      status: 'withdrawn',
      facts: { status: 'cancelled' },
      openTasks: [],
    });
    await portal.post(inspectors[1], `/api/v1/supervision/checks/${checkA.id}/result`, { outcome: 'compliant' }).expect(409); // nothing left to record
    // a withdrawn check found nothing: it opens no penalty case and inspects no entity
    const penaltiesNow = (await portal.get(admin, '/api/v1/supervision/penalties?limit=1000').expect(200)).body.items as { checkId: string | null }[];
    expect(penaltiesNow.filter((p) => p.checkId === checkA.id || p.checkId === checkB.id)).toEqual([]);
    expect((await entity(a.creditCode)).history.map((h: { action: string }) => h.action)).not.toContain('inspected_violation');

    // then the period is drawn again, with a new seed
    const redrawn = await portal.post(enforcementHead, '/api/v1/supervision/plans', body).expect(201);
    expect(redrawn.body.seedCommitment).not.toBe(cancelled.body.seedCommitment);
    await portal.post(enforcementHead, '/api/v1/supervision/plans', body).expect(409);
    cancelledPlanId = planId;
    planId = redrawn.body.id;
    checkA = redrawn.body.checks.find((c: { creditCode: string }) => c.creditCode === a.creditCode);
    checkB = redrawn.body.checks.find((c: { creditCode: string }) => c.creditCode === b.creditCode);
    expect(checkA).toBeDefined();
    expect(checkB).toBeDefined();
    expect([...checkA.inspectors].sort()).toEqual([inspectors[1].id, inspectors[2].id].sort()); // never the conflicted one
    // the checks below are the live plan's

    // published at once: the commitment, never which entities (nor the roster) before the period ends
    const pub = await sys.http().get('/api/v1/public/supervision/plans?limit=1000').expect(200);
    const shown = pub.body.items.find((p: { id: string }) => p.id === planId);
    expect(shown).toMatchObject({
      period: '2026-Q3',
      seedCommitment: redrawn.body.seedCommitment,
      inputsHash: redrawn.body.inputsHash,
      seed: null,
      counts: redrawn.body.counts,
      ratios: body.ratios,
      status: 'drawn',
    });
    expect(JSON.stringify(pub.body)).not.toContain(a.creditCode);
    expect(JSON.stringify(pub.body)).not.toContain(inspectors[1].id);
    expect(pub.body.items.find((p: { id: string }) => p.id === cancelledPlanId)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'the register missed an entity',
      seed: null,
    });
    await sys.http().get(`/api/v1/public/supervision/plans/${planId}/checks`).expect(403);
    await sys.http().get(`/api/v1/public/supervision/plans/${planId}/inputs?kind=roster`).expect(403);
    // the cancellation is an override the bureau's integrity report lists, with who cancelled and why
    const report = (await portal.get(auditor, '/api/v1/reports/integrity').expect(200)).body;
    expect(report.overrides).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          caseId: cancelledPlanId,
          userId: enforcementHead.id,
          detail: expect.objectContaining({ kind: 'plan_cancelled', reason: 'the register missed an entity' }),
        }),
      ]),
    );
  });

  it('answers 400, never 500, to an impossible date or a cursor it did not issue', async () => {
    for (const from of ['2026-02-29', '2020-02-30', '0000-01-01', '2026-13-01'])
      await portal.get(admin, `/api/v1/supervision/figures?from=${from}&to=2026-12-31`).expect(400);
    await portal.get(admin, '/api/v1/supervision/figures?from=2024-02-29&to=2026-12-31').expect(200);
    const cursor = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');
    for (const c of [
      cursor('2026-07-01T00:00:00.000Z', 'not-a-uuid'),
      cursor('2026-07-01T00:00:00.000Z', 'in_1'),
      cursor('0000-01-01T00:00:00Z', planId),
      'garbage',
    ]) {
      await portal.get(admin, `/api/v1/supervision/plans?cursor=${c}`).expect(400);
      await sys.http().get(`/api/v1/public/supervision/plans?cursor=${c}`).expect(400);
    }
    await portal.get(admin, `/api/v1/supervision/plans?cursor=${cursor('2026-07-01T00:00:00.000Z', planId)}`).expect(200);
    await portal.get(admin, `/api/v1/supervision/plans/${planId}/inputs?cursor=${cursor('2026-07-01T00:00:00.000Z', 'x')}`).expect(400);
    await portal.get(admin, `/api/v1/supervision/plans/${planId}/inputs?kind=conflicts`).expect(400);
    await portal.get(admin, '/api/v1/supervision/plans/not-a-uuid').expect(400);
  });

  it("puts each check in its inspectors' task inbox, by name, and tells them; no one else finds it", async () => {
    const task = await portal.taskFor(inspectors[1], checkA.id, 'inspection');
    expect(task.dueDate).toBe('2026-09-30');
    expect(task).toMatchObject({ caseId: checkA.id, assignee: inspectors[1].id });
    expect(await portal.taskFor(inspectors[2], checkA.id, 'inspection')).toMatchObject({ assignee: inspectors[2].id });
    for (const other of [inspectors[0], enforcementOfficer, enforcementHead]) {
      const list = await portal.get(other, '/api/v1/tasks?status=open&limit=1000').expect(200);
      expect(list.body.items.filter((t: { caseId: string }) => t.caseId === checkA.id)).toEqual([]);
    }
    await portal.notification(inspectors[1], checkA.id, 'inspection_assigned');
    const own = await portal.get(inspectors[1], '/api/v1/supervision/checks?limit=1000').expect(200);
    expect(own.body.items.every((c: { inspectors: string[] }) => c.inspectors.includes(inspectors[1].id))).toBe(true);
    expect(own.body.items.map((c: { id: string }) => c.id)).toContain(checkA.id);
    const mine0 = await portal.get(inspectors[0], '/api/v1/supervision/checks?limit=1000').expect(200);
    expect(mine0.body.items.map((c: { id: string }) => c.id)).not.toContain(checkA.id);
  });

  it('never lets anyone claim, delegate or transfer an inspection (403), however the path is spelt', async () => {
    const task = await portal.taskFor(inspectors[1], checkA.id, 'inspection');
    for (const path of ['claim', 'CLAIM', 'claim/', 'Claim/']) await portal.post(enforcementOfficer, `/api/v1/tasks/${task.id}/${path}`).expect(403);
    await portal.post(inspectors[2], `/api/v1/tasks/${task.id}/claim`).expect(403);
    await portal.post(enforcementHead, `/api/v1/tasks/${task.id}/transfer`, { toUserId: enforcementOfficer.id }).expect(403);
    await portal.post(enforcementHead, `/api/v1/tasks/${task.id}/TRANSFER/`, { toUserId: enforcementOfficer.id }).expect(403);
    await portal.post(inspectors[1], `/api/v1/tasks/${task.id}/delegate`, { toUserId: enforcementOfficer.id }).expect(403);
    await portal.post(inspectors[1], `/api/v1/tasks/${task.id}/unclaim`).expect(403);
    await portal.complete(enforcementOfficer, task.id, 'approve').expect(403); // not theirs
    await portal.complete(inspectors[1], task.id, 'approve').expect(409); // recorded through the check's result
    expect(await portal.taskFor(inspectors[1], checkA.id, 'inspection')).toMatchObject({ id: task.id, assignee: inspectors[1].id });
  });

  it('takes every inspector’s result: one alone leaves the check open; all finding a violation open a penalty case', async () => {
    const result = (user: { auth: string }, body: object) => portal.post(user, `/api/v1/supervision/checks/${checkA.id}/result`, body);
    await result(inspectors[0], { outcome: 'compliant' }).expect(403);
    await result(enforcementHead, { outcome: 'compliant' }).expect(403);
    await result(inspectors[1], { outcome: 'maybe' }).expect(400);
    await result(inspectors[1], { outcome: 'violation' }).expect(400); // findings required
    await result(inspectors[1], { outcome: 'violation', findings: '   ' }).expect(400);
    const first = await result(inspectors[1], { outcome: 'violation', findings: 'COD over the permitted limit at outlet DW001' }).expect(200);
    expect(first.body).toMatchObject({ status: 'open', penaltyId: null, recordedBy: [inspectors[1].id] });
    await result(inspectors[1], { outcome: 'compliant' }).expect(409);
    const second = await result(inspectors[2], { outcome: 'violation', findings: 'COD 180 mg/L against a limit of 100 mg/L' }).expect(200);
    expect(second.body).toMatchObject({ status: 'violation', penaltyId: expect.any(String) });
    penaltyId = second.body.penaltyId;
    await result(inspectors[2], { outcome: 'violation', findings: 'again' }).expect(409);
    expect(await positiveList()).not.toContain(a.creditCode); // an open violation
  });

  it('makes a check disputed when its inspectors differ: a review task for a head of enforcement decides it', async () => {
    const [x, y] = checkB.inspectors.map((id) => inspectors.find((i) => i.id === id)!);
    await portal.post(x, `/api/v1/supervision/checks/${checkB.id}/result`, { outcome: 'compliant' }).expect(200);
    const split = await portal.post(y, `/api/v1/supervision/checks/${checkB.id}/result`, { outcome: 'violation', findings: 'dark smoke at DA001' }).expect(200);
    expect(split.body).toMatchObject({ status: 'disputed', penaltyId: null });
    const review = await portal.taskFor(enforcementHead, checkB.id, 'review');
    expect((await portal.complete(enforcementOfficer, review.id, 'approve').expect(403)).body.code).toBe('HEAD_REQUIRED');
    await portal.complete(enforcementHead, review.id, 'approve', { comment: 'the smoke was steam from the scrubber' }).expect(200);
    const checks = await portal.get(enforcementHead, `/api/v1/supervision/checks?planId=${planId}&limit=1000`).expect(200);
    expect(checks.body.items.find((c: { id: string }) => c.id === checkB.id)).toMatchObject({ status: 'compliant' });
  });

  const proposal = {
    facts: 'On 6 July 2026 the wastewater outlet DW001 discharged COD at 180 mg/L against 100 mg/L',
    legalBasis: 'Water Pollution Prevention Law art. 83(2); discretion benchmark B',
    sanction: { kind: 'fine', amountYuan: 50_000 },
  };

  it("takes the penalty through the legal section's proposal, the notice to the firm and the firm's statement", async () => {
    const lr = await portal.taskFor(legal, penaltyId, 'legal_review');
    await portal.complete(legal, lr.id, 'approve').expect(409); // no proposal yet
    const path = `/api/v1/supervision/penalties/${penaltyId}/proposal`;
    await put(enforcementOfficer, path, proposal).expect(403);
    await put(legal, path, { ...proposal, sanction: { kind: 'fine' } }).expect(400);
    await put(legal, path, { ...proposal, sanction: { kind: 'warning', amountYuan: 5 } }).expect(400);
    await put(legal, path, { ...proposal, sanction: { kind: 'caning' } }).expect(400);
    await put(legal, path, { ...proposal, decidedBy: 'x' }).expect(400);
    expect((await put(legal, path, proposal).expect(200)).body).toMatchObject({
      ...proposal,
      statementDue: null,
      investigators: expect.arrayContaining([inspectors[1].id, inspectors[2].id]),
    });
    // the firm does not read a proposal it has not been told of
    expect((await portal.get(a, '/api/v1/supervision/penalties').expect(200)).body.items).toEqual([
      expect.objectContaining({ id: penaltyId, facts: null, sanction: null }),
    ]);
    await portal.complete(legal, lr.id, 'approve').expect(200);
    await portal.notification(a, penaltyId, 'penalty_notice');
    const told = (await portal.get(a, '/api/v1/supervision/penalties').expect(200)).body.items;
    expect(told).toEqual([
      expect.objectContaining({
        id: penaltyId,
        caseId: penaltyId,
        source: 'check',
        ...proposal,
        statementDue: '2026-07-09',
        hearingDue: null,
        hearingRequested: false,
      }),
    ]);
    expect(told[0].investigators).toBeUndefined();
    expect((await portal.get(b, '/api/v1/supervision/penalties').expect(200)).body.items).toEqual([]);
    const statements = `/api/v1/supervision/penalties/${penaltyId}/statements`;
    await portal.post(b, statements, { text: 'not ours' }).expect(404);
    await portal.post(legal, statements, { text: 'staff' }).expect(403);
    await portal.post(a, statements, {}).expect(400);
    await portal.post(a, `/api/v1/supervision/penalties/${penaltyId}/hearing`).expect(409); // 50,000 yuan: below the hearing threshold
    const st = await portal.post(a, statements, { text: 'The exceedance came from a pump failure, repaired the same day.' }).expect(201);
    expect(st.body.statements).toEqual([expect.objectContaining({ by: a.id, text: 'The exceedance came from a pump failure, repaired the same day.' })]);
    // no collective review while the statement period runs
    const open = await portal.get(enforcementHead, '/api/v1/tasks?status=open&limit=1000').expect(200);
    expect(open.body.items.filter((t: { caseId: string }) => t.caseId === penaltyId)).toEqual([]);
  });

  it('holds the collective review after the statement period: two different heads, one vote each; then a head decides', async () => {
    await moveClock(4 * 86_400_000); // Friday 10 July: the 3 working days (to Thursday 9 July) are over
    await portal.post(a, `/api/v1/supervision/penalties/${penaltyId}/statements`, { text: 'late' }).expect(409);
    const enforcementVote = await portal.taskFor(enforcementHead, penaltyId, 'countersign');
    expect((await portal.complete(enforcementOfficer, enforcementVote.id, 'approve').expect(403)).body.code).toBe('HEAD_REQUIRED');
    await portal.complete(enforcementHead, enforcementVote.id, 'approve').expect(200);
    const pollutionVote = await portal.taskFor(pollutionHead, penaltyId, 'countersign');
    expect((await portal.complete(enforcementHeadAsPollution, pollutionVote.id, 'approve').expect(409)).body.code).toBe('SAME_PERSON');
    await portal.complete(pollutionHead, pollutionVote.id, 'approve').expect(200);
    const decision = await portal.taskFor(enforcementOfficer, penaltyId, 'penalty_decision');
    expect((await portal.complete(enforcementOfficer, decision.id, 'approve').expect(403)).body.code).toBe('HEAD_REQUIRED');
    await portal.complete(enforcementHead, decision.id, 'approve').expect(200);
    const penalty = await eventually(
      async () => {
        const list = await portal.get(admin, '/api/v1/supervision/penalties?limit=1000').expect(200);
        return (list.body.items as { id: string; status: string; publishBy: string; decisionNo: string }[]).find(
          (p) => p.id === penaltyId && p.status === 'decided',
        );
      },
      10_000,
      'penalty decided',
    );
    expect(penalty.publishBy).toBe('2026-07-21'); // 7 working days after Friday 10 July
    expect(penalty.decisionNo).toMatch(/^环罚决字〔2026〕\d+号$/);
    const ea = await entity(a.creditCode);
    expect(ea.penaltyUntil).toBe('2028-07-10');
    expect(await positiveList()).not.toContain(a.creditCode);
  });

  it('alerts when the decision is not published within 7 working days, then publishes plan, outcome and decision with its content, without a token', async () => {
    await moveClock(12 * 86_400_000); // Wednesday 22 July: past the last day to publish (Tuesday 21 July)
    await portal.notification(enforcementHead, penaltyId, 'sla_red');
    await sys.http().get('/api/v1/public/penalties').expect(200);
    expect(
      (await sys.http().get('/api/v1/public/penalties?limit=1000').expect(200)).body.items.filter((p: { creditCode: string }) => p.creditCode === a.creditCode),
    ).toEqual([]);
    await portal.post(enforcementOfficer, `/api/v1/supervision/penalties/${penaltyId}/publish`).expect(403);
    const pub = await portal.post(enforcementHead, `/api/v1/supervision/penalties/${penaltyId}/publish`).expect(200);
    expect(pub.body).toMatchObject({ status: 'decided', publishedOnTime: false });
    await portal.post(enforcementHead, `/api/v1/supervision/penalties/${penaltyId}/publish`).expect(409);

    const penalties = await sys.http().get('/api/v1/public/penalties?limit=1000').expect(200);
    const published = penalties.body.items.filter((p: { creditCode: string }) => p.creditCode === a.creditCode);
    expect(published).toEqual([
      {
        enterpriseName: expect.any(String),
        creditCode: a.creditCode,
        facts: proposal.facts,
        legalBasis: proposal.legalBasis,
        sanction: proposal.sanction,
        decisionNo: expect.stringMatching(/号$/),
        decidedOn: '2026-07-10',
        publishedOn: '2026-07-22',
      },
    ]);
    expect(JSON.stringify(penalties.body)).not.toContain(inspectors[1].id);
  });

  it('takes a monitoring alarm once: an off-site verification for enforcement due the next working day, notified, off the positive list', async () => {
    expect(await positiveList()).toContain(b.creditCode);
    const body = {
      alarmId: `ALM-${randomUUID()}`,
      creditCode: b.creditCode,
      outlet: 'DA001',
      pollutant: 'SO2',
      value: 212.5,
      limit: 100,
      unit: 'mg/m3',
      at: new Date(clockMs).toISOString(),
    };
    await alarm(body, { secret: 'wrong-secret' }).expect(401);
    await sys.http().post('/api/v1/integrations/monitoring/alarms').send(body).expect(401);
    const first = await alarm(body).expect(202);
    verificationId = first.body.verificationId as string;
    expect(verificationId).toBeTruthy();
    const again = await alarm(body).expect(202);
    expect(again.body).toMatchObject({ verificationId, duplicate: true });
    const nonce = randomUUID();
    await alarm({ ...body, alarmId: `ALM-${randomUUID()}`, value: 50 }, { nonce }).expect(202);
    await alarm({ ...body, alarmId: `ALM-${randomUUID()}` }, { nonce }).expect(401); // a nonce is used once

    const task = await portal.taskFor(enforcementOfficer, verificationId, 'alarm_verification');
    expect(task.dueDate).toBe('2026-07-23'); // Wednesday 22 July → Thursday
    await portal.notification(enforcementOfficer, verificationId, 'monitoring_alarm');
    const open = await portal.get(enforcementOfficer, '/api/v1/tasks?limit=1000').expect(200);
    expect(
      open.body.items.filter((t: { applicationId: string; caseId: string }) => t.applicationId === verificationId && t.caseId === verificationId),
    ).toHaveLength(1);
    expect(await positiveList()).not.toContain(b.creditCode);
    expect((await entity(b.creditCode)).alarmUntil).toBe('2027-01-22');
  });

  it('lists the alarms for the workbench, newest first, paged, with the verification an exceedance opened', async () => {
    const all = await portal.get(enforcementOfficer, `/api/v1/supervision/alarms?creditCode=${b.creditCode}&limit=1000`).expect(200);
    const mine = all.body.items as { alarmId: string; exceedance: boolean; verificationId: string | null; creditCode: string; receivedAt: string }[];
    expect(mine.length).toBeGreaterThanOrEqual(2); // the exceedance and the one within its limit
    expect(mine.every((a) => a.creditCode === b.creditCode)).toBe(true);
    expect(mine.find((a) => a.verificationId === verificationId)).toMatchObject({ exceedance: true, pollutant: 'SO2', value: 212.5, limit: 100 });
    expect(mine.find((a) => !a.exceedance)).toMatchObject({ verificationId: null });
    // one at a time through the cursor: the same alarms, none twice
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { alarmId: string }[]; nextCursor: string | null } } = await portal
        .get(enforcementOfficer, `/api/v1/supervision/alarms?creditCode=${b.creditCode}&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      seen.push(...page.body.items.map((a) => a.alarmId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(mine.map((a) => a.alarmId));
    await portal.get(enforcementOfficer, '/api/v1/supervision/alarms?cursor=not-a-cursor').expect(400);
    await portal.get(enforcementOfficer, '/api/v1/supervision/alarms?creditCode=nope').expect(400);
    await portal.get(enforcementOfficer, '/api/v1/supervision/alarms?limit=0').expect(400);
    await portal.get(anApplicant(), '/api/v1/supervision/alarms').expect(403);
  });

  it('opens a penalty case from a confirmed alarm; a large fine gives the firm a hearing the decision waits for; the verifier neither votes nor decides', async () => {
    const task = await portal.taskFor(enforcementHead, verificationId, 'alarm_verification');
    await portal.complete(enforcementHead, task.id, 'approve', { comment: 'SO2 212.5 mg/m3 confirmed from the plant records' }).expect(200);
    const opened = await eventually(
      async () => {
        const list = await portal.get(admin, '/api/v1/supervision/penalties?limit=1000').expect(200);
        return (list.body.items as { id: string; source: string; creditCode: string }[]).find((p) => p.source === 'alarm' && p.creditCode === b.creditCode);
      },
      10_000,
      'penalty from the alarm',
    );
    alarmPenaltyId = opened.id;
    expect(opened).toMatchObject({ status: 'open', alarmId: expect.any(String), checkId: null, investigators: [enforcementHead.id] });
    expect((await entity(b.creditCode)).history.map((h: { action: string }) => h.action)).toContain('penalty_opened');

    const lr = await portal.taskFor(legal, alarmPenaltyId, 'legal_review');
    await put(legal, `/api/v1/supervision/penalties/${alarmPenaltyId}/proposal`, {
      ...proposal,
      facts: 'SO2 212.5 mg/m3 at DA001',
      sanction: { kind: 'fine', amountYuan: 200_000 },
    }).expect(200);
    await portal.complete(legal, lr.id, 'approve').expect(200);
    const told = (await portal.get(b, '/api/v1/supervision/penalties').expect(200)).body.items;
    expect(told).toEqual([expect.objectContaining({ id: alarmPenaltyId, statementDue: '2026-07-27', hearingDue: '2026-07-29' })]);
    expect((await portal.post(b, `/api/v1/supervision/penalties/${alarmPenaltyId}/hearing`).expect(200)).body).toMatchObject({ hearingRequested: true });
    await portal.post(b, `/api/v1/supervision/penalties/${alarmPenaltyId}/hearing`).expect(409);
    await portal.post(a, `/api/v1/supervision/penalties/${alarmPenaltyId}/hearing`).expect(404);

    await moveClock(8 * 86_400_000); // Thursday 30 July: the 5 working days to ask (to Wednesday 29 July) are over
    const hearing = await portal.taskFor(legal, alarmPenaltyId, 'hearing');
    const waiting = await portal.get(enforcementHead, '/api/v1/tasks?status=open&limit=1000').expect(200);
    expect(waiting.body.items.filter((t: { caseId: string }) => t.caseId === alarmPenaltyId)).toEqual([]); // the review waits for the hearing
    await portal.complete(legal, hearing.id, 'approve', { comment: 'hearing held on 30 July' }).expect(200);

    const vote = await portal.taskFor(enforcementHead, alarmPenaltyId, 'countersign');
    expect((await portal.complete(enforcementHead, vote.id, 'approve').expect(409)).body.code).toBe('SAME_PERSON'); // the verifier
    await portal.complete(enforcementHead2, vote.id, 'approve').expect(200);
    const pollutionVote = await portal.taskFor(pollutionHead, alarmPenaltyId, 'countersign');
    await portal.complete(pollutionHead, pollutionVote.id, 'approve').expect(200);
    const decision = await portal.taskFor(enforcementHead, alarmPenaltyId, 'penalty_decision');
    expect((await portal.complete(enforcementHead, decision.id, 'approve').expect(409)).body.code).toBe('SAME_PERSON');
    await portal.complete(enforcementHead2, decision.id, 'approve').expect(200);
  });

  it('opens every case of the task list with GET /api/v1/cases/:caseId: inspection, alarm verification, penalty (with audit and diagram) and licence alike', async () => {
    const asCase = async (id: string) => (await portal.get(enforcementHead, `/api/v1/cases/${id}`).expect(200)).body;
    expect(await asCase(checkA.id)).toMatchObject({
      id: checkA.id,
      caseKind: 'inspection',
      status: 'denied',
      applicant: { creditCode: a.creditCode },
      facts: { status: 'violation', inspectors: checkA.inspectors },
      openTasks: [],
      history: expect.any(Array),
    });
    expect(await asCase(verificationId)).toMatchObject({
      id: verificationId,
      caseKind: 'alarm_verification',
      facts: { creditCode: b.creditCode, pollutant: 'SO2' },
    });
    const penalty = await asCase(alarmPenaltyId);
    expect(penalty).toMatchObject({
      caseKind: 'penalty',
      status: 'approved',
      facts: { source: 'alarm', hearingRequested: true, sanction: { kind: 'fine', amountYuan: 200_000 }, status: 'decided' },
      sla: expect.objectContaining({ clock: 'stopped' }),
    });
    expect(penalty.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['penalty_proposed', 'hearing_requested']));
    const audit = await portal.get(enforcementHead, `/api/v1/cases/${alarmPenaltyId}/audit`).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['penalty_proposed', 'hearing_requested']));
    const diagram = await portal.get(enforcementHead, `/api/v1/cases/${alarmPenaltyId}/diagram`).expect(200);
    expect(diagram.body).toMatchObject({ definitionKey: 'supervision_penalty', definitionVersion: 2, mermaid: expect.stringContaining('hearing') });
    expect(diagram.body.currentStepIds).toEqual([diagram.body.currentStepId]);
    expect(diagram.body.nodes).toContainEqual(expect.objectContaining({ id: 'hearing', kind: expect.any(String) }));
    expect(diagram.body.nodes.filter((n: { state: string }) => n.state === 'current')).toHaveLength(1);
    expect(await asCase(licenceA)).toMatchObject({ id: licenceA, licenseType: 'discharge_permit', status: 'approved' });
    expect((await portal.get(enforcementHead, `/api/v1/cases/${licenceA}/audit`).expect(200)).body.items.length).toBeGreaterThan(0);
    await portal.get(a, `/api/v1/cases/${checkA.id}`).expect(403);
    await portal.get(enforcementHead, '/api/v1/cases/no-such-case').expect(404);
  });

  it('gives the business-environment report its supervision figures, from the supervision API', async () => {
    const res = await portal.get(admin, '/api/v1/reports/business-environment?from=2026-07-01&to=2026-07-31').expect(200);
    expect(res.body.supervision).toMatchObject({
      entities: { total: 2, key: 1, general: 1, onlineMonitoring: 2, positiveList: 0, positiveListShare: 0 },
      penalties: { decided: 2, publishedOnTime: 0, publishedLate: 1, unpublished: 1 },
    });
    // the cancelled plan's withdrawn checks are not inspections; the plan drawn again drew both entities (positive list,
    // monitored: off-site); one check found a violation, the disputed one was reviewed compliant: both done
    expect(res.body.supervision.inspections).toEqual([{ period: '2026-Q3', drawn: 2, done: 2, onSite: 0, offSite: 2, violations: 1 }]);
    await portal.get(admin, '/api/v1/supervision/figures?from=2026-07-31&to=2026-07-01').expect(400);
    const csv = (await portal.get(admin, '/api/v1/reports/business-environment?from=2026-07-01&to=2026-07-31&format=csv').expect(200)).text
      .trimEnd()
      .split('\r\n');
    expect(csv).toEqual(
      expect.arrayContaining([
        'supervision,,entities.total,2',
        'supervision,,inspections.2026-Q3.drawn,2',
        'supervision,,inspections.2026-Q3.done,2',
        'supervision,,penalties.decided,2',
      ]),
    );
    // supervision's cases (checks, penalties, alarm verifications) are no licences
    expect(res.body.byLicenseType.find((l: { licenseType: string }) => l.licenseType === 'other')).toMatchObject({ decided: 0 });
    const sla = (await portal.get(admin, '/api/v1/sla/overview').expect(200)).body;
    expect(sla.byLicenseType.find((l: { licenseType: string }) => l.licenseType === 'other')).toBeUndefined();
    expect(sla.open.green + sla.open.yellow + sla.open.red).toBe(0);
  });
  it('follows a discharge registration answered at once: filed, changed and cancelled, the entity follows', async () => {
    const holder = anApplicant();
    const first = await portal.post(holder, '/api/v1/applications', await portal.applicationFor(holder, 'discharge_permit', {}, 'filing')).expect(201);
    const no = first.body.filingNo as string;
    expect(await entity(holder.creditCode)).toMatchObject({ active: true });
    const renamed = { permitNo: no, registrationAction: 'change', changes: { holderName: 'Registered Renamed Co.' } };
    await portal.post(holder, '/api/v1/applications', await portal.applicationFor(holder, 'discharge_permit', renamed, 'filing')).expect(201);
    await eventually(async () => (await entity(holder.creditCode)).name === 'Registered Renamed Co.', 15_000, 'the change reaching the entity');
    await portal
      .post(
        holder,
        '/api/v1/applications',
        await portal.applicationFor(holder, 'discharge_permit', { permitNo: no, registrationAction: 'cancellation' }, 'filing'),
      )
      .expect(201);
    const gone = await eventually(
      async () => {
        const e = await entity(holder.creditCode);
        return e.active === false && e;
      },
      15_000,
      'the cancellation reaching the entity',
    );
    expect(gone.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['permit_issued', 'permit_changed', 'permit_cancelled']));
  });

  it('leaves an audit store that verifies: every change above wrote its audit entry with it', async () => {
    // the permit register, applications' status and decision numbers, plans: each in its record's chain
    expect((await portal.get(anAuditor(), '/api/v1/audit/verify').expect(200)).body).toMatchObject({ ok: true });
  });

  it('reveals the seed, the inputs without conflicts, the entities drawn and their outcomes once the period has ended; verify finds a tampered seed', async () => {
    const before = (await sys.http().get('/api/v1/public/supervision/plans?limit=1000').expect(200)).body.items.find((p: { id: string }) => p.id === planId);
    await moveClock(Date.parse('2026-10-01T02:00:00.000Z') - clockMs); // the day after the period's last day
    const pub = await sys.http().get('/api/v1/public/supervision/plans?limit=1000').expect(200);
    const plan = pub.body.items.find((p: { id: string }) => p.id === planId);
    expect(plan.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(createHash('sha256').update(plan.seed).digest('hex')).toBe(before.seedCommitment);
    expect(plan).toMatchObject({ periodEnded: true, seedCommittedAtDraw: true, inputsHash: before.inputsHash });
    expect(pub.body.items.find((p: { id: string }) => p.id === cancelledPlanId).seed).toMatch(/^[0-9a-f]{64}$/);

    const checks = (await sys.http().get(`/api/v1/public/supervision/plans/${planId}/checks?limit=1`).expect(200)).body;
    expect(checks.items).toHaveLength(1);
    const rest = (await sys.http().get(`/api/v1/public/supervision/plans/${planId}/checks?limit=10&cursor=${checks.nextCursor}`).expect(200)).body;
    const all = [...checks.items, ...rest.items];
    expect(all.map((c: { creditCode: string }) => c.creditCode).sort()).toEqual([a.creditCode, b.creditCode].sort());
    expect(all.find((c: { creditCode: string }) => c.creditCode === a.creditCode)).toMatchObject({
      outcome: 'violation',
      penalty: { decidedOn: '2026-07-10', publishedAt: expect.any(String) },
    });
    const entities = (await sys.http().get(`/api/v1/public/supervision/plans/${planId}/inputs?kind=entities&limit=1000`).expect(200)).body.items;
    expect(entities.map((e: { creditCode: string }) => e.creditCode).sort()).toEqual([a.creditCode, b.creditCode].sort());
    const roster = (await sys.http().get(`/api/v1/public/supervision/plans/${planId}/inputs?kind=roster&limit=1000`).expect(200)).body.items;
    expect(roster.map((r: { userId: string }) => r.userId).sort()).toEqual(inspectors.map((i) => i.id).sort());
    expect(roster.every((r: object) => Object.keys(r).join() === 'userId')).toBe(true); // never a conflict
    const staffRoster = (await portal.get(admin, `/api/v1/supervision/plans/${planId}/inputs?kind=roster&limit=1000`).expect(200)).body.items;
    expect(staffRoster.find((r: { userId: string }) => r.userId === inspectors[0].id)).toEqual({ userId: inspectors[0].id, conflicts: [a.creditCode] });
    expect((await portal.get(admin, `/api/v1/supervision/plans/${planId}`).expect(200)).body.seed).toBe(plan.seed);
    await portal.post(enforcementHead, `/api/v1/supervision/plans/${planId}/cancel`, { reason: 'too late' }).expect(409);

    // a stored seed changed behind the service's back no longer matches its commitment
    expect((await portal.get(auditor, `/api/v1/supervision/plans/${planId}/verify`).expect(200)).body).toEqual({ ok: true });
    const db = new Client({ connectionString: sys.dbUrl });
    await db.connect();
    try {
      await db.query(`UPDATE supervision.plans SET seed = $2 WHERE id = $1`, [planId, 'f'.repeat(64)]);
    } finally {
      await db.end();
    }
    const verdict = (await portal.get(auditor, `/api/v1/supervision/plans/${planId}/verify`).expect(200)).body;
    expect(verdict.ok).toBe(false);
    expect(verdict.differences).toContain('the stored seed does not match the published seedCommitment');
    // and the plan's own audit record no longer matches its row: the store's verification says where
    const store = (await portal.get(anAuditor(), '/api/v1/audit/verify').expect(200)).body;
    expect(store).toMatchObject({ ok: false, brokenAt: expect.stringContaining(`plan:${planId}`) });
  });
});
