import http from 'node:http';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { REDIS_URL } from './support/env';
import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { anAdmin, anApplicant, anAuditor, aStaff } from './support/users';

jest.setTimeout(300_000); // the system boots in this time too, on a loaded machine

type Staff = ReturnType<typeof aStaff>;
const staff = (dept: Parameters<typeof aStaff>[0], roles?: Parameters<typeof aStaff>[1]) => aStaff(dept, roles);

describe('the workflow engine through the portal: every licence, every operation', () => {
  let sys: RunningSystem;
  let portal: Portal;
  const window = staff('window');
  const approval = staff('approval', ['head']); // a decision is a head's (API.md "Who may act")
  const head = staff('approval', ['head']);
  const admin = anAdmin();

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'workflow' });
    portal = new Portal(sys);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  /** Files an application and has the window accept it; returns its id once the owner holds it. */
  async function accepted(licenseType: string, project: Record<string, unknown> = {}) {
    const applicant = anApplicant();
    const { body } = await portal.post(applicant, '/api/v1/applications', await portal.applicationFor(applicant, licenseType, project)).expect(201);
    const t = await portal.taskFor(window, body.id, 'acceptance');
    await portal.complete(window, t.id, 'accept').expect(200);
    return { applicant, id: body.id as string };
  }

  const approveAll = (id: string, depts: Staff[], kind: string) =>
    portal.approveAll(
      id,
      depts.map((s) => s.dept),
      kind,
    );

  it.each([
    ['hazardous_waste', 'solid_waste', ['pollution', 'enforcement', 'legal'], 'WF'],
    ['radiation_safety', 'radiation', ['monitoring', 'legal'], 'FS'],
    ['weee_processing', 'solid_waste', ['pollution', 'enforcement'], 'DZ'],
    ['facility_dismantle', 'pollution', ['enforcement', 'monitoring'], 'CC'],
  ] as const)('runs a %s case end to end into the register', async (licenseType, reviewDept, signers, series) => {
    const { applicant, id } = await accepted(licenseType);
    await approveAll(id, [staff(reviewDept)], 'review');
    await approveAll(
      id,
      signers.map((d) => staff(d)),
      'countersign',
    );
    await approveAll(id, [approval], 'decision');
    const done = await portal.status(applicant, id, 'approved');
    expect(done.sla.clock).toBe('stopped');
    const permits = await portal.get(applicant, '/api/v1/permits').expect(200);
    expect(permits.body.items).toEqual([
      expect.objectContaining({ licenseType, status: 'valid', permitNo: expect.stringMatching(new RegExp(`^${series}-\\d{4}-\\d{6}$`)) }),
    ]);
    await portal.notification(applicant, id, 'decision');
  });

  it('accepts more applications at once than a service has pool connections', async () => {
    const applicant = anApplicant();
    const body = await portal.applicationFor(applicant, 'radiation_safety');
    const ids = await Promise.all(
      Array.from({ length: 16 }, () =>
        portal
          .post(applicant, '/api/v1/applications', body)
          .expect(201)
          .then((r) => r.body.id as string),
      ),
    );
    const tasks = await Promise.all(ids.map((id) => portal.taskFor(window, id, 'acceptance')));
    const answers = await Promise.all(tasks.map((t) => portal.complete(window, t.id, 'accept')));
    expect(answers.map((a) => a.status)).toEqual(tasks.map(() => 200));
    await Promise.all(ids.map((id) => portal.taskFor(staff('radiation'), id, 'review')));
  });

  it('answers a retried completion with the same Idempotency-Key again, without a second effect', async () => {
    const applicant = anApplicant();
    const { body } = await portal.post(applicant, '/api/v1/applications', await portal.applicationFor(applicant, 'radiation_safety')).expect(201);
    const t = await portal.taskFor(window, body.id, 'acceptance');
    const first = await portal.complete(window, t.id, 'accept').set('Idempotency-Key', 'accept-1').expect(200);
    const retry = await portal.complete(window, t.id, 'accept').set('Idempotency-Key', 'accept-1').expect(200);
    expect(retry.body).toEqual(first.body);
    await portal.complete(window, t.id, 'not_accept').set('Idempotency-Key', 'accept-1').expect(422);
    await portal.complete(window, t.id, 'accept').expect(409);
    await portal.taskFor(staff('radiation'), body.id, 'review');
    const view = await portal.get(applicant, `/api/v1/applications/${body.id}`).expect(200);
    expect(view.body.history.filter((h: { action: string }) => h.action === 'acceptance:accept')).toHaveLength(1);
  });

  it('answers a discharge registration at once: approved with its DJ number on submission, no task, recorded in the register', async () => {
    const applicant = anApplicant();
    const { body } = await portal.post(applicant, '/api/v1/applications', await portal.applicationFor(applicant, 'discharge_permit', {}, 'filing')).expect(201);
    expect(body).toMatchObject({ status: 'approved', filingNo: expect.stringMatching(/^DJ-\d{4}-\d{6}$/) });
    const view = await portal.get(applicant, `/api/v1/applications/${body.id}`).expect(200);
    expect(view.body).toMatchObject({ status: 'approved', filingNo: body.filingNo, openTasks: [], sla: { clock: 'not_started', level: 'green' } });
    const permits = await eventually(
      async () => {
        const res = await portal.get(applicant, '/api/v1/permits').expect(200);
        return res.body.items.length ? res.body.items : undefined;
      },
      10_000,
      'the registration in the register',
    );
    expect(permits).toEqual([expect.objectContaining({ managementCategory: 'registration', permitNo: body.filingNo })]);
    const tasks = await portal.get(window, '/api/v1/tasks?status=open&limit=1000').expect(200);
    expect(tasks.body.items.filter((t: { applicationId: string }) => t.applicationId === body.id)).toEqual([]);
  });

  it('returns from the countersign to the review, cancelling the open countersign tasks', async () => {
    const { applicant, id } = await accepted('radiation_safety');
    await approveAll(id, [staff('radiation')], 'review');
    const monitoring = staff('monitoring');
    const cs = await portal.taskFor(monitoring, id, 'countersign');
    await portal.complete(monitoring, cs.id, 'return', { comment: 'dose assessment missing' }).expect(200);
    const again = await portal.taskFor(staff('radiation'), id, 'review');
    const view = await portal.get(applicant, `/api/v1/applications/${id}`).expect(200);
    expect(view.body.openTasks).toEqual([expect.objectContaining({ id: again.id, kind: 'review' })]);
    expect(view.body.history.map((h: { action: string }) => h.action)).toContain('returned');
    // the legal section's countersign task went away with the step
    const legal = await portal.get(staff('legal'), '/api/v1/tasks?limit=1000').expect(200);
    expect(legal.body.items.filter((t: { applicationId: string }) => t.applicationId === id)).toEqual([]);
    await portal.complete(monitoring, cs.id, 'approve').expect(409);
  });

  it('adds and removes countersign departments (head only) and completes on the new set', async () => {
    const { applicant, id } = await accepted('weee_processing');
    await approveAll(id, [staff('solid_waste')], 'review');
    await portal.taskFor(staff('pollution'), id, 'countersign');
    await portal.post(staff('pollution'), `/api/v1/applications/${id}/countersign/signers`, { add: ['legal'] }).expect(403);
    await portal.post(head, `/api/v1/applications/${id}/countersign/signers`, { add: ['legal', 'monitoring'], remove: ['enforcement'] }).expect(200);
    const view = await portal.get(head, `/api/v1/applications/${id}`).expect(200);
    expect(view.body.openTasks.map((t: { dept: string }) => t.dept).sort()).toEqual(['legal', 'monitoring', 'pollution']);
    await portal.post(head, `/api/v1/applications/${id}/countersign/signers`, { add: ['nowhere'] }).expect(400);
    await approveAll(id, [staff('pollution'), staff('legal')], 'countersign');
    // not complete until the last remaining signer agrees
    const still = await portal.get(head, `/api/v1/applications/${id}`).expect(200);
    expect(still.body.openTasks.map((t: { kind: string }) => t.kind)).toEqual(['countersign']);
    await approveAll(id, [staff('monitoring')], 'countersign');
    await approveAll(id, [approval], 'decision');
    await portal.status(applicant, id, 'approved');
  });

  it('delegates a task (委派): the delegate resolves it, the delegator completes it', async () => {
    const { id } = await accepted('facility_dismantle');
    const officer = aStaff('pollution', ['officer'], `pollution-lead-${Date.now()}`);
    const expert = aStaff('pollution', ['officer'], `expert-${Date.now()}`); // work moves inside its department, to people the directory knows
    await portal.enrol(admin, expert);
    const t = await portal.taskFor(officer, id, 'review');
    expect((await portal.untilKnown(() => portal.post(officer, `/api/v1/tasks/${t.id}/delegate`, { toUserId: expert.id }))).status).toBe(200);
    const mine = await portal.taskFor(expert, id, 'review'); // in the delegate's inbox, by assignment
    expect(mine.id).toBe(t.id);
    await portal.complete(expert, t.id, 'approve', { comment: 'fine by me' }).expect(200);
    // back with the delegator: the step has not moved on
    const view = await portal.get(officer, `/api/v1/applications/${id}`).expect(200);
    expect(view.body.openTasks).toEqual([expect.objectContaining({ id: t.id, kind: 'review', assignee: officer.id })]);
    await portal.complete(officer, t.id, 'approve').expect(200);
    await portal.taskFor(staff('enforcement'), id, 'countersign');
    await portal.post(officer, `/api/v1/tasks/${t.id}/delegate`, {}).expect(400);
  });

  it("shows the applicant the case's progress and the reasons of a refusal, not the bureau's deliberation", async () => {
    const { applicant, id } = await accepted('hazardous_waste');
    const reviewer = aStaff('solid_waste', ['officer'], `reviewer-${Date.now()}`);
    const expert = aStaff('solid_waste', ['officer'], `delegate-target-${Date.now()}`);
    await portal.enrol(admin, expert);
    const t = await portal.taskFor(reviewer, id, 'review');
    expect((await portal.untilKnown(() => portal.post(reviewer, `/api/v1/tasks/${t.id}/delegate`, { toUserId: expert.id }))).status).toBe(200);
    await portal.complete(expert, t.id, 'approve', { comment: 'internal: expert opinion on storage' }).expect(200);
    await portal.complete(reviewer, t.id, 'approve', { comment: 'internal: reviewer remark' }).expect(200);
    const pollution = staff('pollution');
    await portal
      .complete(pollution, (await portal.taskFor(pollution, id, 'countersign')).id, 'approve', { comment: 'internal: pollution section vote' })
      .expect(200);
    await approveAll(id, [staff('enforcement'), staff('legal')], 'countersign');
    const d = await portal.taskFor(approval, id, 'decision');
    await portal.complete(approval, d.id, 'reject', { comment: 'refused: storage does not meet GB 18597' }).expect(200);
    const mine = await portal.status(applicant, id, 'denied');

    const seen = JSON.stringify(mine);
    for (const secret of [expert.id, 'internal: expert opinion', 'internal: reviewer remark', 'internal: pollution section vote', '"votes"', 'task_delegated'])
      expect(seen).not.toContain(secret);
    expect(mine.history).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'decision:reject', detail: { comment: 'refused: storage does not meet GB 18597' } })]),
    );
    expect(mine.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['countersign:approve', 'denied']));
    expect(mine.history.filter((h: { action: string }) => h.action.startsWith('countersign:'))).toHaveLength(1); // the outcome, not each vote

    const theirs = JSON.stringify((await portal.get(head, `/api/v1/applications/${id}`).expect(200)).body);
    for (const secret of [
      expert.id,
      'internal: expert opinion',
      'internal: reviewer remark',
      'internal: pollution section vote',
      '"votes"',
      'task_delegated',
      'refused: storage',
    ])
      expect(theirs).toContain(secret);
  });

  it("takes a section's no as advice: a review reject goes on to the decision, where the head reads it; the case stays open", async () => {
    const { applicant, id } = await accepted('radiation_safety');
    const radiation = staff('radiation');
    const review = await portal.taskFor(radiation, id, 'review');
    await portal.complete(radiation, review.id, 'reject', { comment: 'internal: shielding calculation weak' }).expect(200);
    const decision = await portal.taskFor(head, id, 'decision');
    const open = await portal.get(applicant, `/api/v1/applications/${id}`).expect(200);
    expect(open.body).toMatchObject({ status: 'in_review', openTasks: [expect.objectContaining({ id: decision.id, kind: 'decision', dept: 'approval' })] });
    expect(JSON.stringify(open.body)).not.toContain('shielding calculation');
    // the head deciding sees the section's advice with its reasons
    const staffView = await portal.get(head, `/api/v1/applications/${id}`).expect(200);
    expect(staffView.body.history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'review:reject', detail: expect.objectContaining({ comment: 'internal: shielding calculation weak' }) }),
      ]),
    );
    // and may still grant
    await portal.complete(head, decision.id, 'approve').expect(200);
    await portal.status(applicant, id, 'approved');
  });

  it("goes to the decision on a countersign's no, and denies only there: the applicant reads the refusal's reasons, never the votes", async () => {
    const { applicant, id } = await accepted('hazardous_waste');
    await approveAll(id, [staff('solid_waste')], 'review');
    const pollution = staff('pollution');
    await portal
      .complete(pollution, (await portal.taskFor(pollution, id, 'countersign')).id, 'reject', { comment: 'internal: leachate plan missing' })
      .expect(200);
    await approveAll(id, [staff('enforcement'), staff('legal')], 'countersign');
    const d = await portal.taskFor(head, id, 'decision');
    expect((await portal.get(applicant, `/api/v1/applications/${id}`).expect(200)).body.status).toBe('in_review');
    const advice = (await portal.get(head, `/api/v1/applications/${id}`).expect(200)).body.history as { action: string; detail: Record<string, unknown> }[];
    expect(advice).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'countersign:reject', detail: expect.objectContaining({ comment: 'internal: leachate plan missing' }) }),
      ]),
    );
    expect((await portal.complete(head, d.id, 'reject').expect(400)).body.message).toMatch(/reasons/);
    await portal.complete(head, d.id, 'reject', { comment: 'refused: no leachate management plan (GB 18598)' }).expect(200);
    const mine = await portal.status(applicant, id, 'denied');
    expect(mine.history).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'decision:reject', detail: { comment: 'refused: no leachate management plan (GB 18598)' } })]),
    );
    const seen = JSON.stringify(mine);
    for (const secret of ['internal: leachate plan missing', '"votes"']) expect(seen).not.toContain(secret);
    // the countersign's outcome only (as for an approval), no department's vote
    expect(mine.history.filter((h: { action: string }) => h.action.startsWith('countersign:'))).toEqual([
      expect.objectContaining({ action: 'countersign:reject', detail: {} }),
    ]);
  });

  it('moves a running case of the superseded version onto the version in force when its worker starts: its open task stays, a review reject then goes to the decision', async () => {
    const { applicant, id } = await accepted('radiation_safety');
    const radiation = staff('radiation');
    const review = await portal.taskFor(radiation, id, 'review');
    // an admin puts the case back on version 1 (the Migrate operation), as the cases filed before version 2 stand
    await portal.post(anAdmin(), `/api/v1/applications/${id}/migrate`, { toVersion: 1 }).expect(200);
    expect((await portal.get(head, `/api/v1/applications/${id}/diagram`).expect(200)).body.definitionVersion).toBe(1);
    const owner = (await portal.get(head, `/api/v1/applications/${id}`).expect(200)).body.owner as string;
    await sys.crash(`apps/${owner}/src/worker.js`);
    await eventually(
      async () => (await portal.get(head, `/api/v1/applications/${id}/diagram`).expect(200)).body.definitionVersion === 2,
      60_000,
      'the case moved onto version 2 by the restarted worker',
    );
    const staffView = (await portal.get(head, `/api/v1/applications/${id}`).expect(200)).body;
    expect(staffView.history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'migrated',
          actor: 'system:definition-upgrade',
          detail: expect.objectContaining({ to: { key: 'radiation_safety', version: 2 } }),
        }),
      ]),
    );
    expect(staffView.openTasks).toEqual([expect.objectContaining({ id: review.id, kind: 'review' })]);
    const mine = (await portal.get(applicant, `/api/v1/applications/${id}`).expect(200)).body;
    expect(mine.history.map((h: { action: string }) => h.action)).not.toContain('migrated');
    const audit = (await portal.get(anAuditor(), `/api/v1/applications/${id}/audit`).expect(200)).body.items as { actor: string; action: string }[];
    expect(audit.filter((e) => e.actor === 'system:definition-upgrade')).toEqual([expect.objectContaining({ action: 'Migrate' })]);
    await portal.complete(radiation, review.id, 'reject', { comment: 'internal: dose rate above the limit' }).expect(200);
    await portal.taskFor(head, id, 'decision');
  });

  it('lists in the integrity report the countersign departments added and removed, an extension and a fast decision; auditors and admins only, JSON and CSV', async () => {
    const { applicant, id } = await accepted('radiation_safety');
    await approveAll(id, [staff('radiation')], 'review');
    await portal.taskFor(staff('monitoring'), id, 'countersign');
    await portal.post(head, `/api/v1/applications/${id}/countersign/signers`, { add: ['solid_waste'], remove: ['legal'] }).expect(200);
    await portal.post(head, `/api/v1/applications/${id}/extensions`, { days: 5, reason: '=expert opinion pending' }).expect(200);
    await approveAll(id, [staff('monitoring'), staff('solid_waste')], 'countersign');
    await portal.complete(head, (await portal.taskFor(head, id, 'decision')).id, 'approve').expect(200);
    await portal.status(applicant, id, 'approved');

    const report = await eventually(
      async () => {
        const res = await portal.get(anAuditor(), '/api/v1/reports/integrity').expect(200);
        return res.body.fastDecisions.some((i: { caseId: string }) => i.caseId === id) ? res.body : undefined;
      },
      10_000,
      'the decision in the integrity report',
    );
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['fastDecisions', 'repeatedAssignments', 'outOfHours', 'longPauses', 'recusals', 'overrides']));
    const mine = (report.overrides as { caseId: string; applicationId: string; userId: string; detail: Record<string, unknown> }[]).filter(
      (i) => i.caseId === id,
    );
    expect(mine.map((i) => [i.userId, i.detail.kind]).sort()).toEqual([
      [head.id, 'countersign_added'],
      [head.id, 'countersign_removed'],
      [head.id, 'extension'],
    ]);
    expect(mine.find((i) => i.detail.kind === 'countersign_removed')).toMatchObject({ applicationId: id, detail: { signers: ['legal'] } });
    expect(report.fastDecisions.find((i: { caseId: string }) => i.caseId === id)).toMatchObject({
      userId: head.id,
      detail: { outcome: 'approve', taskKind: 'decision' },
    });

    // a range of days (China time) that ends before today lists none of it; a bad range is 400
    const past = await portal.get(anAuditor(), '/api/v1/reports/integrity?from=2020-01-01&to=2020-12-31').expect(200);
    expect(past.body.overrides).toEqual([]);
    await portal.get(anAuditor(), '/api/v1/reports/integrity?from=2026-02-30').expect(400);
    await portal.get(anAuditor(), '/api/v1/reports/integrity?from=2026-12-31&to=2026-01-01').expect(400);
    await portal.get(anAuditor(), '/api/v1/reports/integrity?format=xml').expect(400);

    // auditors and admins; nobody else, by any spelling of the path
    await portal.get(anAdmin(), '/api/v1/reports/integrity').expect(200);
    for (const who of [approval, head, anApplicant()]) await portal.get(who, '/api/v1/reports/integrity').expect(403);
    for (const path of ['/api/v1/reports/integrity/', '/API/V1/REPORTS/INTEGRITY', '/api/v1/reports/integrity?format=csv']) {
      const res = await portal.get(approval, path);
      expect(res.status).not.toBe(200);
    }
    await portal.sys.http().get('/api/v1/reports/integrity').expect(401);

    const csv = await portal.get(anAuditor(), '/api/v1/reports/integrity?format=csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('list,caseId,applicationId,userId,at,detail');
    const extension = lines.find((l) => l.startsWith(`overrides,${id},`) && l.includes('extension'));
    expect(extension).toBeDefined();
    expect(extension).toContain('""reason"":""=expert opinion pending""'); // inside JSON: the cell starts with {, not =
    expect(lines.filter((l) => /^[^,]*,[^,]*,[^,]*,[=+\-@]/.test(l))).toEqual([]);
  });

  it('denies on a rejection at the decision and tells the applicant', async () => {
    const { applicant, id } = await accepted('hazardous_waste');
    await approveAll(id, [staff('solid_waste')], 'review');
    await approveAll(id, [staff('pollution'), staff('enforcement'), staff('legal')], 'countersign');
    const d = await portal.taskFor(approval, id, 'decision');
    // a deciding reject needs its written reasons: 400 without, and the task stays open
    expect((await portal.complete(approval, d.id, 'reject').expect(400)).body.message).toMatch(/reasons/);
    expect((await portal.taskFor(approval, id, 'decision')).id).toBe(d.id);
    await portal.complete(approval, d.id, 'reject', { comment: 'storage does not meet GB 18597' }).expect(200);
    const done = await portal.status(applicant, id, 'denied');
    expect(done.sla.daysSaved).not.toBeNull();
    const note = await portal.notification(applicant, id, 'decision');
    expect(note).toBeDefined();
    const permits = await portal.get(applicant, '/api/v1/permits').expect(200);
    expect(permits.body.items).toEqual([]);
  });

  it('lets the applicant withdraw during review, once', async () => {
    const { applicant, id } = await accepted('radiation_safety');
    await portal.taskFor(staff('radiation'), id, 'review');
    await portal.post(applicant, `/api/v1/applications/${id}/withdraw`, { reason: 'project cancelled' }).expect(200);
    const done = await portal.status(applicant, id, 'withdrawn');
    expect(done.openTasks).toEqual([]);
    await portal.post(applicant, `/api/v1/applications/${id}/withdraw`, {}).expect(409);
    const inbox = await portal.get(staff('radiation'), '/api/v1/tasks?limit=1000').expect(200);
    expect(inbox.body.items.filter((t: { applicationId: string }) => t.applicationId === id)).toEqual([]);
  });

  it('suspends a whole case (admin): no task completes until it is resumed', async () => {
    const { id } = await accepted('facility_dismantle');
    const officer = staff('pollution');
    const t = await portal.taskFor(officer, id, 'review');
    await portal.post(officer, `/api/v1/applications/${id}/suspend`, { reason: 'court order' }).expect(403);
    const admin = anAdmin();
    await portal.post(admin, `/api/v1/applications/${id}/suspend`, { reason: 'court order' }).expect(200);
    await portal.complete(officer, t.id, 'approve').expect(409);
    await portal.post(admin, `/api/v1/applications/${id}/suspend`, {}).expect(409);
    await portal.post(admin, `/api/v1/applications/${id}/resume`, {}).expect(200);
    await portal.complete(officer, t.id, 'approve').expect(200);
    await portal.post(admin, `/api/v1/applications/${id}/migrate`, { toVersion: 99 }).expect(400);
  });

  it('takes the same Idempotency-Key from two enterprises as two applications', async () => {
    const [a, b] = [anApplicant(), anApplicant()];
    const first = await portal
      .post(a, '/api/v1/applications', await portal.applicationFor(a, 'radiation_safety', { name: 'same project' }))
      .set('Idempotency-Key', 'shared-key-1')
      .expect(201);
    const second = await portal
      .post(b, '/api/v1/applications', await portal.applicationFor(b, 'radiation_safety', { name: 'same project' }))
      .set('Idempotency-Key', 'shared-key-1')
      .expect(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect((await portal.get(b, `/api/v1/applications/${second.body.id}`).expect(200)).body.applicant.creditCode).toBe(b.creditCode);
    await portal.get(b, `/api/v1/applications/${first.body.id}`).expect(404);
  });

  it.each([
    ['discharge-permit', 'hazardous_waste', 'solid_waste'],
    ['eia-review', 'eia_approval', 'eia'],
  ] as const)(
    'keeps another enterprise out of a case after handover to %s: GET, withdraw, supplements and audit answer 404',
    async (_owner, licenseType, reviewDept) => {
      const { applicant, id } = await accepted(licenseType);
      await portal.taskFor(staff(reviewDept), id, 'review');
      const other = anApplicant();
      await portal.get(other, `/api/v1/applications/${id}`).expect(404);
      await portal.post(other, `/api/v1/applications/${id}/withdraw`, { reason: 'not mine' }).expect(404);
      await portal.post(other, `/api/v1/applications/${id}/supplements`, { materials: [{ code: 'X', fileName: 'x.pdf', sha256: 'a'.repeat(64) }] }).expect(404);
      // the owner still holds it, untouched
      const mine = await portal.get(applicant, `/api/v1/applications/${id}`).expect(200);
      expect(mine.body.status).not.toBe('withdrawn');
    },
  );

  it("shows no enterprise another's notifications or permits", async () => {
    const { applicant, id } = await accepted('weee_processing');
    await approveAll(id, [staff('solid_waste')], 'review');
    await approveAll(id, [staff('pollution'), staff('enforcement')], 'countersign');
    await approveAll(id, [approval], 'decision');
    await portal.status(applicant, id, 'approved');
    await portal.notification(applicant, id, 'decision');
    const permit = (await portal.get(applicant, '/api/v1/permits').expect(200)).body.items[0];
    expect(permit).toBeDefined();

    const other = anApplicant();
    const theirNotes = (await portal.get(other, '/api/v1/notifications?limit=1000').expect(200)).body.items as { applicationId: string }[];
    expect(theirNotes.filter((n) => n.applicationId === id)).toEqual([]);
    expect((await portal.get(other, '/api/v1/permits').expect(200)).body.items).toEqual([]);
    await portal.get(other, `/api/v1/permits/${permit.permitNo}`).expect(404);
  });

  it('keeps a hash-chained audit trail that finds an edited row', async () => {
    const { id } = await accepted('weee_processing');
    await portal.taskFor(staff('solid_waste'), id, 'review');
    const auditor = anAuditor();
    const audit = await portal.get(auditor, `/api/v1/applications/${id}/audit`).expect(200);
    expect(audit.body.items.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < audit.body.items.length; i++) expect(audit.body.items[i].prevHash).toBe(audit.body.items[i - 1].hash);
    const ok = await portal.get(auditor, '/api/v1/audit/verify').expect(200);
    expect(ok.body).toMatchObject({ ok: true });
    expect(ok.body.entries).toBeGreaterThan(0);
    await portal.get(anApplicant(), '/api/v1/audit/verify').expect(403);

    const db = new Client({ connectionString: sys.dbUrl });
    await db.connect();
    try {
      await db.query(`UPDATE discharge_permit.audit_log SET actor = 'someone-else' WHERE case_id = $1 AND case_seq = 1`, [id]);
    } finally {
      await db.end();
    }
    const broken = await portal.get(anAdmin(), '/api/v1/audit/verify').expect(200);
    expect(broken.body).toMatchObject({ ok: false, brokenAt: `${id}#1` });
  });

  describe('who may act (duties): the command layer refuses, whatever the path', () => {
    const uniq = () => Math.random().toString(36).slice(2, 8);
    const codeOf = (res: { status: number; body: { code?: string } }) => `${res.status} ${res.body.code}`;

    /** A radiation-safety case at its decision: reviewed by `reviewer`, voted by monitoring and legal. */
    async function atDecision(reviewer = aStaff('radiation', ['officer'], `rev-${uniq()}`)) {
      const c = await accepted('radiation_safety');
      await portal.complete(reviewer, (await portal.taskFor(reviewer, c.id, 'review')).id, 'approve').expect(200);
      await approveAll(c.id, [staff('monitoring'), staff('legal')], 'countersign');
      return { ...c, reviewer, decision: await portal.taskFor(head, c.id, 'decision') };
    }

    it('keeps the staff directory: admin puts, staff list it paged, credit codes checked, audited', async () => {
      const id = `dir-${uniq()}`;
      const body = { name: '王审核', dept: 'radiation', roles: ['officer'], active: true, conflicts: [] };
      await portal.sys.http().put(`/api/v1/staff/${id}`).set('Authorization', head.auth).send(body).expect(403);
      for (const bad of [
        { ...body, conflicts: ['91310000MA1FL0XX2A'] },
        { ...body, dept: 'nowhere' },
        { ...body, roles: ['admin'] },
        { ...body, extra: 1 },
        { ...body, name: ' ' },
      ]) {
        await portal.sys.http().put(`/api/v1/staff/${id}`).set('Authorization', admin.auth).send(bad).expect(400);
      }
      await portal.sys.http().put('/api/v1/staff/bad%20id').set('Authorization', admin.auth).send(body).expect(400);
      const put = await portal.sys.http().put(`/api/v1/staff/${id}`).set('Authorization', admin.auth).send(body).expect(200);
      expect(put.body).toMatchObject({ userId: id, dept: 'radiation', roles: ['officer'], active: true, revision: 1, changedBy: admin.id });
      const again = await portal.sys
        .http()
        .put(`/api/v1/staff/${id}/`)
        .set('Authorization', admin.auth)
        .send({ ...body, active: false })
        .expect(200);
      expect(again.body).toMatchObject({ revision: 2, active: false });
      const page = await portal.get(staff('legal'), '/api/v1/staff?limit=1&dept=radiation').expect(200);
      expect(page.body.items).toHaveLength(1);
      expect(page.body.items[0]).toMatchObject({ userId: id, active: false });
      expect(page.body.nextCursor === null || typeof page.body.nextCursor === 'string').toBe(true);
      await portal.get(anApplicant(), '/api/v1/staff').expect(403);
      await portal.get(staff('legal'), '/api/v1/staff?cursor=nonsense').expect(400);
      const db = new Client({ connectionString: sys.dbUrl });
      await db.connect();
      try {
        const log = await db.query(`SELECT seq, actor, payload, prev_hash, hash FROM intake.staff_directory_changes WHERE user_id = $1 ORDER BY seq`, [id]);
        expect(log.rows.map((r) => [r.seq, r.actor])).toEqual([
          [1, admin.id],
          [2, admin.id],
        ]);
        expect(log.rows[1].prev_hash).toBe(log.rows[0].hash);
        expect(log.rows[1].payload).toMatchObject({ before: { active: true }, after: { active: false } });
        // the audit trail through the API: checked, and an edited row shows
        await portal.get(head, `/api/v1/staff/${id}/changes`).expect(403);
        const trail = await portal.get(anAuditor(), `/api/v1/staff/${id}/changes`).expect(200);
        expect(trail.body).toMatchObject({
          verified: true,
          nextCursor: null,
          items: [
            { seq: 1, actor: admin.id },
            { seq: 2, actor: admin.id },
          ],
        });
        await portal.get(anAuditor(), `/api/v1/staff/nobody-${uniq()}/changes`).expect(404);
        await db.query(`UPDATE intake.staff_directory_changes SET payload = jsonb_set(payload, '{after,active}', 'true') WHERE user_id = $1 AND seq = 2`, [id]);
        expect((await portal.get(admin, `/api/v1/staff/${id}/changes`).expect(200)).body.verified).toBe(false);
        // every case service gets its copy over the queue
        await eventually(
          async () => {
            const copies = await db.query(
              `SELECT (SELECT revision FROM eia_review.staff_directory WHERE user_id = $1) AS e, (SELECT revision FROM discharge_permit.staff_directory WHERE user_id = $1) AS d, (SELECT revision FROM supervision.staff_directory WHERE user_id = $1) AS s`,
              [id],
            );
            const r = copies.rows[0];
            return r.e === 2 && r.d === 2 && r.s === 2 ? true : undefined;
          },
          10_000,
          'the directory copies',
        );
      } finally {
        await db.end();
      }
    });

    it('HEAD_REQUIRED: an officer or an admin never decides, by any spelling of the path; the task stays open for a head', async () => {
      const { applicant, id, decision } = await atDecision();
      const officer = staff('approval');
      const path = `/api/v1/tasks/${decision.id}`;
      for (const p of [`${path}/complete`, `${path}/COMPLETE`, `${path}/Complete`, `${path}/complete/`, `${path}/COMPLETE/`]) {
        const res = await portal.post(officer, p, { outcome: 'approve' });
        expect([p, codeOf(res)]).toEqual([p, '403 HEAD_REQUIRED']);
      }
      // spellings the router may not take at all: the same policy or a 404, never a completion
      for (const p of [`${path}/%63omplete`, `${path}//complete`, `${path}/complete%2F`, `${path}/./complete`]) {
        const res = await portal.post(officer, p, { outcome: 'approve' });
        expect([p, ['403 HEAD_REQUIRED', '404 NOT_FOUND'].includes(codeOf(res))]).toEqual([p, true]);
      }
      expect(codeOf(await portal.post(admin, `${path}/complete`, { outcome: 'approve' }))).toBe('403 HEAD_REQUIRED');
      expect(codeOf(await portal.post(aStaff('radiation', ['head']), `${path}/complete`, { outcome: 'approve' }))).toBe('403 NOT_YOUR_TASK');
      expect((await portal.taskFor(head, id, 'decision')).id).toBe(decision.id);
      await portal.complete(head, decision.id, 'approve').expect(200);
      await portal.status(applicant, id, 'approved');
    });

    it('SAME_PERSON: the reviewer neither votes nor decides; one vote per person; the task stays open for someone else', async () => {
      const c = await accepted('radiation_safety');
      const reviewerId = `rev-${uniq()}`;
      const reviewer = aStaff('radiation', ['officer'], reviewerId);
      await portal.complete(reviewer, (await portal.taskFor(reviewer, c.id, 'review')).id, 'approve').expect(200);
      const vote = await portal.taskFor(staff('monitoring'), c.id, 'countersign');
      for (const p of [`/api/v1/tasks/${vote.id}/complete`, `/api/v1/tasks/${vote.id}/COMPLETE/`])
        expect(codeOf(await portal.post(aStaff('monitoring', ['officer'], reviewerId), p, { outcome: 'approve' }))).toBe('409 SAME_PERSON');
      const voterId = `voter-${uniq()}`;
      await portal.complete(aStaff('monitoring', ['officer'], voterId), vote.id, 'approve').expect(200);
      const legalVote = await portal.taskFor(staff('legal'), c.id, 'countersign');
      expect(codeOf(await portal.complete(aStaff('legal', ['head'], voterId), legalVote.id, 'approve'))).toBe('409 SAME_PERSON');
      await portal.complete(staff('legal'), legalVote.id, 'approve').expect(200);
      const decision = await portal.taskFor(head, c.id, 'decision');
      expect(codeOf(await portal.complete(aStaff('approval', ['head'], reviewerId), decision.id, 'approve'))).toBe('409 SAME_PERSON');
      expect((await portal.taskFor(head, c.id, 'decision')).id).toBe(decision.id);
      await portal.complete(head, decision.id, 'approve').expect(200);
      await portal.status(c.applicant, c.id, 'approved');
    });

    it('UNKNOWN_ASSIGNEE: work moves only to an active member of its department in the directory', async () => {
      const { id } = await accepted('radiation_safety');
      const holder = staff('radiation', ['head']);
      const t = await portal.taskFor(holder, id, 'review');
      const mate = aStaff('radiation', ['officer'], `mate-${uniq()}`);
      const other = aStaff('legal', ['officer'], `other-${uniq()}`);
      const gone = aStaff('radiation', ['officer'], `gone-${uniq()}`);
      await portal.enrol(admin, mate, other, { id: gone.id, dept: 'radiation', active: false });
      expect((await portal.untilKnown(() => portal.post(holder, `/api/v1/tasks/${t.id}/transfer`, { toUserId: mate.id }))).status).toBe(200);
      // a head of the department transfers; the holder (now mate) delegates
      for (const [by, to, verb] of [
        [holder, `nobody-${uniq()}`, 'transfer'],
        [holder, other.id, 'Transfer/'],
        [holder, gone.id, 'transfer'],
        [mate, `nobody-${uniq()}`, 'delegate'],
        [mate, other.id, 'DELEGATE'],
      ] as const) {
        expect([verb, to, codeOf(await portal.post(by, `/api/v1/tasks/${t.id}/${verb}`, { toUserId: to }))]).toEqual([verb, to, '422 UNKNOWN_ASSIGNEE']);
      }
      expect((await portal.taskFor(mate, id, 'review')).id).toBe(t.id); // still mate's
    });

    it("CONFLICT_OF_INTEREST and recusal (回避): who is linked stands aside; a recusal is in history and audit, never in the applicant's view", async () => {
      const { applicant, id } = await accepted('radiation_safety');
      const linked = aStaff('radiation', ['officer'], `linked-${uniq()}`);
      const mate = aStaff('radiation', ['officer'], `mate-${uniq()}`);
      await portal.enrol(admin, { id: linked.id, dept: 'radiation', conflicts: [applicant.creditCode] }, mate);
      const t = await portal.taskFor(mate, id, 'review');
      // the directory's copy is a queue hop away (until then linked is unknown: 422); then the conflict shows
      const radiationHead = staff('radiation', ['head']);
      const toLinked = await portal.untilKnown(() => portal.post(radiationHead, `/api/v1/tasks/${t.id}/transfer`, { toUserId: linked.id }));
      expect(codeOf(toLinked as { status: number; body: { code?: string } })).toBe('409 CONFLICT_OF_INTEREST');
      expect(codeOf(await portal.post(linked, `/api/v1/tasks/${t.id}/claim`))).toBe('409 CONFLICT_OF_INTEREST');
      expect(codeOf(await portal.post(linked, `/api/v1/tasks/${t.id}/CLAIM/`))).toBe('409 CONFLICT_OF_INTEREST');
      expect(codeOf(await portal.complete(linked, t.id, 'approve'))).toBe('409 CONFLICT_OF_INTEREST');

      // a recusal declared on the case
      const path = `/api/v1/applications/${id}/recusals`;
      await portal.post(mate, path, { reason: '   ' }).expect(400);
      await portal.post(mate, path, {}).expect(400);
      await portal.post(applicant, path, { reason: 'mine' }).expect(403);
      await portal.post(mate, `/api/v1/applications/${id}/RECUSALS`, { reason: 'x' }).expect(404);
      const reason = `internal: former employee of the enterprise ${uniq()}`;
      const declared = await portal.post(mate, `${path}/`, { reason }).expect(201);
      expect(declared.body.history).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'recused', actor: mate.id, detail: { reason } })]));
      expect(codeOf(await portal.post(mate, path, { reason }))).toBe('409 CONFLICT');
      expect(codeOf(await portal.complete(mate, t.id, 'approve'))).toBe('409 CONFLICT_OF_INTEREST');
      expect(codeOf(await portal.post(mate, `/api/v1/tasks/${t.id}/claim`))).toBe('409 CONFLICT_OF_INTEREST');
      expect(codeOf(await portal.post(radiationHead, `/api/v1/tasks/${t.id}/delegate`, { toUserId: mate.id }))).toBe('409 CONFLICT_OF_INTEREST');

      const theirs = JSON.stringify((await portal.get(applicant, `/api/v1/applications/${id}`).expect(200)).body);
      for (const secret of [reason, 'recused', mate.id, linked.id]) expect(theirs).not.toContain(secret);
      const audit = await portal.get(anAuditor(), `/api/v1/applications/${id}/audit`).expect(200);
      expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'recused', actor: mate.id })]));
      // and the integrity report lists it, with the person and the reason (the applicant never reads it)
      const integrity = (await portal.get(anAuditor(), '/api/v1/reports/integrity').expect(200)).body;
      expect(integrity.recusals).toEqual(
        expect.arrayContaining([expect.objectContaining({ caseId: id, userId: mate.id, detail: expect.objectContaining({ reason }) })]),
      );
      // someone else does the work
      await portal.complete(staff('radiation'), t.id, 'approve').expect(200);
    });

    it('carries a recusal declared during acceptance (at intake) to the licence owner, hidden from the applicant', async () => {
      const applicant = anApplicant();
      const { body } = await portal.post(applicant, '/api/v1/applications', await portal.applicationFor(applicant, 'radiation_safety')).expect(201);
      const t = await portal.taskFor(window, body.id, 'acceptance');
      const early = aStaff('radiation', ['officer'], `early-${uniq()}`);
      await portal.post(early, `/api/v1/applications/${body.id}/recusals`, { reason: 'internal: knows the owner' }).expect(201);
      await portal.complete(window, t.id, 'accept').expect(200);
      const review = await portal.taskFor(staff('radiation'), body.id, 'review');
      expect(codeOf(await portal.post(early, `/api/v1/tasks/${review.id}/claim`))).toBe('409 CONFLICT_OF_INTEREST');
      expect(codeOf(await portal.complete(early, review.id, 'approve'))).toBe('409 CONFLICT_OF_INTEREST');
      const theirs = JSON.stringify((await portal.get(applicant, `/api/v1/applications/${body.id}`).expect(200)).body);
      for (const secret of ['knows the owner', early.id, 'recused']) expect(theirs).not.toContain(secret);
      const staffView = JSON.stringify((await portal.get(head, `/api/v1/applications/${body.id}`).expect(200)).body);
      expect(staffView).toContain('knows the owner');
    });

    it("extends only by a head of the deciding department, never a special law's limit (EIA: 409 EXTENSION_NOT_ALLOWED)", async () => {
      const eia = await accepted('eia_approval');
      await portal.taskFor(staff('eia'), eia.id, 'review');
      const body = { days: 5, reason: 'expert opinion needed' };
      expect(codeOf(await portal.post(aStaff('eia', ['head']), `/api/v1/applications/${eia.id}/extensions`, body))).toBe('403 FORBIDDEN');
      expect(codeOf(await portal.post(head, `/api/v1/applications/${eia.id}/extensions`, body))).toBe('409 EXTENSION_NOT_ALLOWED');
      const eiaView = await portal.get(head, `/api/v1/applications/${eia.id}`).expect(200);
      expect(eiaView.body.history.map((h: { action: string }) => h.action)).not.toContain('extended');

      const rad = await accepted('radiation_safety');
      await portal.taskFor(staff('radiation'), rad.id, 'review');
      expect(codeOf(await portal.post(aStaff('radiation', ['head']), `/api/v1/applications/${rad.id}/extensions`, body))).toBe('403 FORBIDDEN');
      const ok = await portal.post(head, `/api/v1/applications/${rad.id}/extensions`, body).expect(200);
      expect(ok.body.history.find((h: { action: string }) => h.action === 'extended')).toMatchObject({ actor: head.id });
      await portal.notification(rad.applicant, rad.id, 'clock_extended');
    });
  });

  describe('the staff workbench: task lists and search', () => {
    type Task = {
      id: string;
      applicationId: string;
      kind: string;
      dept: string;
      dueDate: string | null;
      outcome: string | null;
      completedAt: string | null;
      completedBy: string | null;
      createdAt: string;
    };
    const byDue = (a: Task, b: Task) =>
      a.dueDate === b.dueDate ? (a.id < b.id ? -1 : 1) : a.dueDate === null ? 1 : b.dueDate === null ? -1 : a.dueDate < b.dueDate ? -1 : 1;

    /** Every page of a task list through the gateway, `limit` at a time. */
    async function allPages(user: { auth: string }, query: string, limit: number): Promise<Task[]> {
      const out: Task[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 50; i++) {
        const res: { body: { items: Task[]; nextCursor: string | null } } = await portal
          .get(user, `/api/v1/tasks?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
          .expect(200);
        out.push(...res.body.items);
        cursor = res.body.nextCursor;
        if (!cursor) return out;
      }
      throw new Error('more than 50 pages');
    }

    it("lists a person's tasks of every service by due date, soonest first, pages included, and what they and their department completed", async () => {
      const person = staff('legal');
      const colleague = staff('legal');
      const pollution = staff('pollution');
      // three tasks in three services, each claimed by one person (who then sees them as assigned to them; a
      // transfer would stay inside each task's department: API.md "Who may act")
      const applicant = anApplicant();
      const { body: atWindow } = await portal.post(applicant, '/api/v1/applications', await portal.applicationFor(applicant, 'radiation_safety')).expect(201);
      const acceptance = await portal.taskFor(window, atWindow.id, 'acceptance');
      const eia = await accepted('eia_approval');
      const dp = await accepted('discharge_permit');
      const eiaReview = await portal.taskFor(staff('eia'), eia.id, 'review');
      const dpReview = await portal.taskFor(pollution, dp.id, 'review');
      await portal.post(aStaff('window', ['officer'], person.id), `/api/v1/tasks/${acceptance.id}/claim`).expect(200);
      await portal.post(aStaff('eia', ['officer'], person.id), `/api/v1/tasks/${eiaReview.id}/claim`).expect(200);
      await portal.post(aStaff('pollution', ['officer'], person.id), `/api/v1/tasks/${dpReview.id}/claim`).expect(200);

      const mine = [acceptance.id, eiaReview.id, dpReview.id];
      const sorted = await allPages(person, 'status=open&sort=dueDate', 1000);
      expect(sorted.map((t) => t.id).sort()).toEqual(expect.arrayContaining([...mine].sort()));
      expect(sorted).toEqual([...sorted].sort(byDue));
      // one at a time through the merged pages: the same tasks in the same order, none twice
      expect((await allPages(person, 'status=open&sort=dueDate', 1)).map((t) => t.id)).toEqual(sorted.map((t) => t.id));
      expect((await allPages(person, 'status=open&sort=dueDate&kind=review', 1)).map((t) => t.id).sort()).toEqual(
        expect.arrayContaining([eiaReview.id, dpReview.id].sort()),
      );
      expect((await allPages(person, 'status=open&sort=dueDate&kind=review', 1)).every((t) => t.kind === 'review')).toBe(true);
      const one = await portal.get(person, `/api/v1/tasks?applicationId=${dp.id}`).expect(200);
      expect(one.body.items.map((t: Task) => t.id)).toEqual([dpReview.id]);
      const green = await portal.get(person, `/api/v1/tasks?slaLevel=green&applicationId=${dp.id}`).expect(200);
      expect(green.body.items).toHaveLength(1);
      const red = await portal.get(person, `/api/v1/tasks?slaLevel=red&applicationId=${dp.id}`).expect(200);
      expect(red.body.items).toHaveLength(0);
      await portal.get(person, '/api/v1/tasks?sort=soonest').expect(400);
      await portal.get(person, '/api/v1/tasks?slaLevel=purple').expect(400);
      // by licence type, filtered by each service (the gateway only merges): the discharge permit's review alone
      const byType = await allPages(person, 'status=open&sort=dueDate&licenseType=discharge_permit', 1);
      expect(byType.map((t) => t.id)).toContain(dpReview.id);
      expect(byType.map((t) => t.id)).not.toContain(eiaReview.id);
      expect(byType.map((t) => t.id)).not.toContain(acceptance.id);
      expect((await allPages(person, 'status=open&licenseType=radiation_safety', 50)).map((t) => t.id)).toContain(acceptance.id);
      await portal.get(person, '/api/v1/tasks?licenseType=fishing_licence').expect(400);
      await portal.get(person, "/api/v1/tasks?licenseType=discharge_permit'%20OR%201=1").expect(400);
      await portal.get(person, '/api/v1/tasks?status=open&sort=completedAt').expect(400);
      const created = await portal.get(person, '/api/v1/tasks?limit=1').expect(200);
      await portal.get(person, `/api/v1/tasks?sort=dueDate&cursor=${created.body.nextCursor}`).expect(400);

      // 已办: what the person completed (whatever the task's department), and what a department completed
      await portal.complete(person, dpReview.id, 'approve').expect(200);
      await portal.complete(person, eiaReview.id, 'approve').expect(200);
      const done = await allPages(person, 'status=completed', 1);
      expect(done.map((t) => t.id)).toEqual(expect.arrayContaining([dpReview.id, eiaReview.id]));
      expect(done.find((t) => t.id === dpReview.id)).toMatchObject({ outcome: 'approve', completedBy: person.id, completedAt: expect.any(String) });
      expect(done.map((t) => t.completedAt)).toEqual([...done.map((t) => t.completedAt)].sort().reverse());
      const ofPollution = await allPages(staff('pollution'), `status=completed&applicationId=${dp.id}`, 50);
      expect(ofPollution.map((t) => t.id)).toEqual([dpReview.id]);
      const ofColleague = await allPages(colleague, 'status=completed', 50);
      expect(ofColleague.map((t) => t.id)).not.toContain(dpReview.id);
      const open = await allPages(person, 'status=open', 50);
      expect(open.map((t) => t.id)).not.toContain(dpReview.id);
      expect((await allPages(person, 'status=completed&sort=dueDate', 1)).map((t) => t.id).sort()).toEqual(done.map((t) => t.id).sort());
    });

    it('lets staff search applications by project name, project code, applicant name and credit code, Chinese included; an applicant only their own', async () => {
      const greenSource = anApplicant({ name: '绿源环保科技有限公司' });
      const other = anApplicant({ name: '蓝天化工有限公司' });
      const { body: mine } = await portal
        .post(
          greenSource,
          '/api/v1/applications',
          await portal.applicationFor(greenSource, 'radiation_safety', { name: '城东污水处理厂扩建工程', code: '2611-350100-04-01-123456' }),
        )
        .expect(201);
      const { body: theirs } = await portal
        .post(other, '/api/v1/applications', await portal.applicationFor(other, 'radiation_safety', { name: '城西污水处理站' }))
        .expect(201);
      const search = async (user: { auth: string }, q: string) =>
        (await portal.get(user, `/api/v1/applications?limit=1000&q=${encodeURIComponent(q)}`).expect(200)).body.items.map((a: { id: string }) => a.id);
      expect(await search(window, '污水处理')).toEqual(expect.arrayContaining([mine.id, theirs.id]));
      expect(await search(window, '城东污水')).toEqual([mine.id]);
      expect(await search(window, '350100-04')).toEqual([mine.id]);
      expect(await search(window, '绿源环保')).toEqual([mine.id]);
      expect(await search(window, greenSource.creditCode.slice(2, 14).toLowerCase())).toEqual([mine.id]);
      // a whole credit code, as typed or pasted (lower case, spaces around): looked up on the applicant index
      expect(await search(window, ` ${greenSource.creditCode.toLowerCase()} `)).toEqual([mine.id]);
      expect(await search(window, other.creditCode)).toEqual([theirs.id]);
      expect(await search(window, '城%污水')).toEqual([]);
      // a whole project code, as pasted (spaces around): looked up on its B-tree, exactly that code
      expect(await search(window, ' 2611-350100-04-01-123456 ')).toEqual([mine.id]);
      expect(await search(window, '2611-350100-04-01-123457')).toEqual([]);
      expect(await search(other, '2611-350100-04-01-123456')).toEqual([]);
      // the applicant's search stays inside the enterprise's own applications
      expect(await search(greenSource, '污水处理')).toEqual([mine.id]);
      expect(await search(greenSource, '城西')).toEqual([]);
      await portal.get(window, `/api/v1/applications?q=${'x'.repeat(101)}`).expect(400);
    });

    it("labels every enum value in both languages, shows the workflows as data with Mermaid diagrams, a case's diagram with its steps marked, and its audit as CSV", async () => {
      const zh = await portal.get(anApplicant(), '/api/v1/labels').expect(200);
      expect(zh.body.labels.status.approved).toBe('已批准');
      expect(zh.body.labels.dept.pollution).toBeTruthy();
      const en = await portal.get(window, '/api/v1/labels?lang=en').expect(200);
      expect(en.body.labels.status.approved).toBe('Approved');
      expect(en.body.labels.errorCode.STALE_VERSION).toBeTruthy();
      await portal.get(window, '/api/v1/labels?lang=fr').expect(400);
      await portal.sys.http().get('/api/v1/labels').expect(401);

      const all = await portal.get(window, '/api/v1/workflows').expect(200);
      const dp = all.body.items.find((w: { key: string }) => w.key === 'discharge_permit');
      // version 2 is in force (a section's "no" is advice to the decision); version 1 stays readable for older cases
      expect(dp).toMatchObject({ version: 2, start: 'management-category', mermaid: expect.stringMatching(/^flowchart TD\n/) });
      expect(dp.steps.map((s: { id: string }) => s.id)).toContain('countersign');
      expect(all.body.items.filter((w: { key: string }) => w.key === 'discharge_permit')).toHaveLength(1);
      const one = await portal.get(window, '/api/v1/workflows/discharge_permit/2').expect(200);
      expect(one.body).toEqual(dp);
      const older = await portal.get(window, '/api/v1/workflows/discharge_permit/1').expect(200);
      expect(older.body.steps.find((s: { id: string }) => s.id === 'review').outcomes.reject).toBe('denied');
      expect(dp.steps.find((s: { id: string }) => s.id === 'review').outcomes.reject).toBe('decision');
      await portal.get(window, '/api/v1/workflows/discharge_permit/99').expect(404);
      await portal.get(anApplicant(), '/api/v1/workflows').expect(403);

      const { applicant, id } = await accepted('discharge_permit');
      await approveAll(id, [staff('pollution')], 'review');
      await portal.taskFor(staff('monitoring'), id, 'countersign');
      const diagram = await portal.get(window, `/api/v1/applications/${id}/diagram`).expect(200);
      expect(diagram.body).toMatchObject({ applicationId: id, definitionKey: 'discharge_permit', currentStepId: 'countersign' });
      expect(diagram.body.pastStepIds).toEqual(expect.arrayContaining(['management-category', 'review']));
      const node = (stepId: string) => new RegExp(`^  (s\\d+)\\W+"${stepId}(<br/>|")`, 'm').exec(diagram.body.mermaid)?.[1];
      expect(diagram.body.mermaid).toContain(`class ${node('countersign')} current`);
      expect(diagram.body.mermaid).toMatch(new RegExp(`class (\\w+,)*${node('review')}(,\\w+)* done`));
      // the same diagram as data: a node per step with its state, an edge per exit, the current step
      expect(diagram.body.currentStepIds).toEqual(['countersign']);
      const states = Object.fromEntries((diagram.body.nodes as { id: string; state: string }[]).map((n) => [n.id, n.state]));
      expect(states).toMatchObject({ '@start': 'pending', 'management-category': 'done', review: 'done', countersign: 'current' });
      expect(diagram.body.edges).toContainEqual({ from: 'review', to: 'countersign', label: 'approve' });
      expect(diagram.body.edges).toContainEqual(
        expect.objectContaining({ from: 'management-category', condition: { field: 'data.managementCategory', eq: 'registration' } }),
      );
      await portal.get(applicant, `/api/v1/applications/${id}/diagram`).expect(403);

      const json = await portal.get(anAuditor(), `/api/v1/applications/${id}/audit`).expect(200);
      for (const path of [`/api/v1/applications/${id}/audit?format=csv`, `/api/v1/applications/${id}/audit.csv`]) {
        const csv = await portal.get(anAuditor(), path).expect(200);
        expect(csv.headers['content-type']).toMatch(/^text\/csv/);
        const lines = csv.text.trim().split('\r\n');
        expect(lines[0]).toBe('seq,at,actor,action,payload,prevHash,hash');
        expect(lines.length).toBeGreaterThanOrEqual(json.body.items.length + 1);
        expect(lines[1].split(',')[0]).toBe('1');
        expect(csv.text).toContain(json.body.items[json.body.items.length - 1].hash);
      }
      await portal.get(applicant, `/api/v1/applications/${id}/audit.csv`).expect(403);
      await portal.get(anAuditor(), `/api/v1/applications/${id}/audit?format=xml`).expect(400);
    });

    it('lists the failed jobs of every queue to admins and runs one again (404 unknown queue or job, 409 not failed)', async () => {
      const admin = anAdmin();
      const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
      const queue = (name: string) => new Queue(name, { connection, prefix: sys.env.REDIS_PREFIX });
      try {
        // a job added straight into Redis (no signature) fails at once in the intake worker (a dead letter); a delayed job has not failed
        const broken = await queue('intake').add('case.status-changed.v1', { applicationId: 42 }, { jobId: `broken-${Date.now()}`, attempts: 1 });
        const later = await queue('discharge-permit').add('workflow.timer-due.v1', { caseId: 'x' }, { jobId: `later-${Date.now()}`, delay: 3_600_000 });
        const listed = await eventually(
          async () => {
            const res = await portal.get(admin, '/api/v1/ops/dead-letters?limit=1000').expect(200);
            return (res.body.items as { id: string; queue: string; job: string; failedReason: string; attemptsMade: number }[]).find((d) => d.id === broken.id);
          },
          20_000,
          'the dead letter',
        );
        expect(listed).toMatchObject({
          queue: 'intake',
          job: 'case.status-changed.v1',
          code: 'BAD_SIGNATURE',
          failedReason: expect.stringContaining('no valid signature'),
          attemptsMade: 1,
          data: { applicationId: 42 },
        });
        const onlyIntake = await portal.get(admin, '/api/v1/ops/dead-letters?queue=intake&limit=1000').expect(200);
        expect(onlyIntake.body.items.every((d: { queue: string }) => d.queue === 'intake')).toBe(true);

        const retried = await portal.post(admin, `/api/v1/ops/dead-letters/intake/${broken.id}/retry`).expect(200);
        expect(retried.body).toMatchObject({ id: broken.id, queue: 'intake' });
        // it ran again (and failed again: still unsigned)
        await eventually(
          async () => ((await queue('intake').getJob(broken.id as string))?.attemptsMade ?? 0) >= 2 || undefined,
          20_000,
          'the retried job to run',
        );

        await portal.post(admin, `/api/v1/ops/dead-letters/discharge-permit/${later.id}/retry`).expect(409);
        await portal.post(admin, '/api/v1/ops/dead-letters/intake/no-such-job/retry').expect(404);
        await portal.post(admin, `/api/v1/ops/dead-letters/no-such-queue/${broken.id}/retry`).expect(404);
        await portal.get(window, '/api/v1/ops/dead-letters').expect(403);
        await portal.sys.http().get('/api/v1/ops/dead-letters').expect(401);
        await later.remove();
      } finally {
        connection.disconnect();
      }
    });

    it('does not approve an application from a case.status-changed.v1 job put into Redis by hand, nor from a genuine one altered or replayed there', async () => {
      const admin = anAdmin();
      const { applicant, id } = await accepted('discharge_permit');
      await portal.status(applicant, id, 'in_review');
      const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
      const intake = new Queue('intake', { connection, prefix: sys.env.REDIS_PREFIX });
      try {
        const forgedDecision = `FORGED-${Date.now()}`;
        const approval = {
          applicationId: id,
          correlationId: `forged-${Date.now()}`,
          status: 'approved',
          at: new Date().toISOString(),
          decisionNo: forgedDecision,
        };
        // the issue's attack: a job of intake's own kind, as the owning service would send it, but unsigned
        const forged = await intake.add('case.status-changed.v1', approval, { jobId: `forged-${Date.now()}` });
        // a genuine (signed) status change of this case, altered and added again under a new id
        // (the gateway showed the owner's status: intake's consumer may still be finishing the genuine job)
        const genuine = await eventually(
          async () => (await intake.getCompleted(0, 5000)).find((j) => j.name === 'case.status-changed.v1' && j.data.applicationId === id),
          10_000,
          'the genuine status change consumed by intake',
        );
        expect(genuine?.data._sig).toMatch(/^v1\.[0-9a-f]{64}$/);
        const altered = await intake.add(
          'case.status-changed.v1',
          { ...genuine!.data, status: 'approved', decisionNo: forgedDecision },
          { jobId: `altered-${Date.now()}` },
        );
        const replayed = await intake.add('case.status-changed.v1', genuine!.data, { jobId: `replayed-${Date.now()}` });
        for (const job of [forged, altered, replayed]) {
          const dead = await eventually(
            async () =>
              (
                (await portal.get(admin, '/api/v1/ops/dead-letters?queue=intake&limit=1000').expect(200)).body.items as { id: string; code: string | null }[]
              ).find((d) => d.id === job.id),
            20_000,
            `the dead letter ${job.id}`,
          );
          expect(dead.code).toBe('BAD_SIGNATURE');
        }
        const view = await portal.get(applicant, `/api/v1/applications/${id}`).expect(200);
        expect(view.body.status).toBe('in_review');
        expect(JSON.stringify(view.body)).not.toContain(forgedDecision);
        const today = new Date().toISOString().slice(0, 10);
        const published = await sys.http().get(`/api/v1/public/decisions?from=${today}&to=${today}`).expect(200);
        expect(JSON.stringify(published.body)).not.toContain(forgedDecision);
      } finally {
        await intake.close();
        connection.disconnect();
      }
    });

    // the last test of this file: it leaves the notification worker dead
    it("gives every process liveness and readiness, scrapes every worker's metrics through the gateway, and shows a dead one as up 0", async () => {
      for (const path of ['/health', '/health/live', '/health/ready']) await sys.http().get(path).expect(200);
      const intake = `http://127.0.0.1:${sys.env.INTAKE_PORT}`;
      expect((await fetch(`${intake}/health/live`)).status).toBe(200);
      expect((await fetch(`${intake}/health/ready`)).status).toBe(200);
      const worker = `http://127.0.0.1:${sys.env.INTAKE_WORKER_PORT}`;
      expect((await fetch(`${worker}/health`)).status).toBe(200);
      expect(await (await fetch(`${worker}/ready`)).json()).toEqual({ status: 'ok', details: { database: 'up', redis: 'up' } });
      // jobs ran in the intake worker in the tests before (status updates, the broken dead letter)
      const own = await (await fetch(`${worker}/metrics`)).text();
      expect(own).toMatch(/^queue_job_duration_seconds_count\{.*queue="intake".*\} [1-9]/m);
      expect(own).toMatch(/^queue_job_failures_total\{.*queue="intake".*\} [1-9]/m);
      expect(own).toMatch(/^outbox_backlog\{service="intake-worker"\} \d+/m);
      expect(own).toMatch(/^outbox_oldest_unpublished_seconds\{service="intake-worker"\} [\d.]+/m);

      const all = (await sys.http().get('/metrics').expect(200)).text;
      for (const s of ['gateway', 'intake', 'intake-worker', 'eia-review-worker', 'discharge-permit-worker', 'notification-worker', 'supervision-worker'])
        expect(all).toContain(`up{service="${s}"} 1`);
      expect(all).toMatch(/^outbox_backlog\{service="discharge-permit-worker"\} \d+/m);

      const dead = sys.processOf('apps/notification/src/worker.js');
      const gone = new Promise((resolve) => dead!.once('exit', resolve));
      dead!.kill('SIGKILL');
      await gone;
      // the gateway answers /metrics from one scrape a second: the next scrape sees the worker gone
      const after = await eventually(
        async () => {
          const text = (await sys.http().get('/metrics').expect(200)).text;
          return text.includes('up{service="notification-worker"} 0') && text;
        },
        10_000,
        'the dead worker scraped as up 0',
      );
      expect(after).toContain('up{service="notification-worker"} 0');
      expect(after).toContain('up{service="intake-worker"} 1');
    });
  });
  describe('GET /api/v1/tasks/stream: new work pushed as it opens (API.md "Tasks (staff)")', () => {
    /** An open task stream: the raw text as it arrives and the tasks of its `event: task` frames. */
    function openStream(
      auth?: string,
    ): Promise<{ status: number; contentType: string; text: () => string; tasks: () => Record<string, unknown>[]; close: () => void }> {
      return new Promise((resolve, reject) => {
        const req = http.get(`${sys.url}/api/v1/tasks/stream`, { headers: auth ? { authorization: auth } : {} }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('error', () => undefined);
          const tasks = () =>
            text
              .split('\n\n')
              .filter((frame) => frame.startsWith('event: task\ndata: '))
              .map((frame) => JSON.parse(frame.slice('event: task\ndata: '.length)) as Record<string, unknown>);
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), text: () => text, tasks, close: () => req.destroy() });
        });
        req.on('error', reject);
      });
    }

    /**
     * Publishes a task straight onto the channel, assigned to `userId`: pub/sub is ordered, so once a stream shows
     * it, every announcement before it was decided for that stream. (That anyone with Redis can do this is why
     * the stream is a hint, and a workbench reads a task through the API before acting on it.)
     */
    async function marker(userId: string): Promise<string> {
      const id = `in_marker-${userId}-${Date.now()}`;
      const redis = new IORedis(REDIS_URL);
      try {
        await redis.publish(`${sys.env.REDIS_PREFIX}:tasks:opened`, 'not a task');
        await redis.publish(
          `${sys.env.REDIS_PREFIX}:tasks:opened`,
          JSON.stringify({
            id,
            caseId: 'marker',
            applicationId: 'marker',
            kind: 'review',
            dept: 'legal',
            assignee: userId,
            dueDate: null,
            slaLevel: 'green',
            createdAt: new Date().toISOString(),
          }),
        );
      } finally {
        redis.disconnect();
      }
      return id;
    }

    it('answers 401 without a token and 403 to an applicant; other methods are no task', async () => {
      const none = await openStream();
      expect(none.status).toBe(401);
      none.close();
      const applicant = await openStream(anApplicant().auth);
      expect(applicant.status).toBe(403);
      applicant.close();
      await portal.post(staff('pollution'), '/api/v1/tasks/stream').expect(404);
    });

    it('holds at most 5 streams per person (429 beyond) and frees a place when one closes', async () => {
      const person = staff('legal');
      const streams = await Promise.all(Array.from({ length: 5 }, () => openStream(person.auth)));
      try {
        expect(streams.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
        const sixth = await openStream(person.auth);
        expect(sixth.status).toBe(429);
        expect(JSON.parse(await eventually(async () => sixth.text() || undefined, 5_000, 'the 429 body')).code).toBe('RATE_LIMITED');
        sixth.close();
        // someone else is not counted against this person
        const other = await openStream(staff('legal').auth);
        expect(other.status).toBe(200);
        other.close();
        streams.pop()!.close();
        const again = await eventually(
          async () => {
            const s = await openStream(person.auth);
            if (s.status === 200) return s;
            s.close();
            return undefined;
          },
          5_000,
          'a place freed by the closed stream',
        );
        again.close();
      } finally {
        for (const s of streams) s.close();
      }
    });

    it("sends a department's new task to its members only, after its command committed, and keeps the stream alive", async () => {
      const pollution = staff('pollution');
      const enforcement = staff('enforcement');
      const legal = staff('legal');
      const opened = Date.now();
      const [toPollution, toEnforcement, toLegal] = await Promise.all([pollution, enforcement, legal].map((s) => openStream(s.auth)));
      try {
        expect(toPollution.status).toBe(200);
        expect(toPollution.contentType).toMatch(/^text\/event-stream/);

        // the window accepts: the case is handed over and its owner opens the review task for pollution
        const { id } = await accepted('facility_dismantle');
        const review = await eventually(
          async () => toPollution.tasks().find((t) => t.applicationId === id && t.kind === 'review'),
          10_000,
          'the review task on the stream',
        );
        expect(review).toEqual({
          id: expect.any(String),
          caseId: id,
          applicationId: id,
          kind: 'review',
          dept: 'pollution',
          assignee: null,
          dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          slaLevel: 'green',
          createdAt: expect.any(String),
        });
        // the same item as the inbox lists
        const listed = await portal.taskFor(pollution, id, 'review');
        expect(review.id).toBe(listed.id);

        // a refused completion (another department's officer approving the review) opens nothing and announces nothing
        await portal.complete(enforcement, String(review.id), 'approve').expect(403);
        const m1 = await marker(enforcement.id);
        await eventually(async () => toEnforcement.tasks().some((t) => t.id === m1), 10_000, 'the marker');
        expect(toEnforcement.tasks().filter((t) => t.applicationId === id)).toEqual([]);
        // nor does the malformed message published before it reach anyone
        expect(toEnforcement.text()).not.toContain('not a task');

        // the review approved: the countersign task of enforcement arrives on its stream, nobody else's
        await portal.complete(pollution, String(review.id), 'approve').expect(200);
        await eventually(
          async () => toEnforcement.tasks().find((t) => t.applicationId === id && t.kind === 'countersign' && t.dept === 'enforcement'),
          10_000,
          'the countersign task on the stream',
        );
        const m2 = await marker(legal.id);
        await eventually(async () => toLegal.tasks().some((t) => t.id === m2), 10_000, 'the marker');
        expect(toLegal.tasks().filter((t) => t.applicationId === id)).toEqual([]);
        expect(
          toPollution
            .tasks()
            .filter((t) => t.applicationId === id)
            .map((t) => t.kind),
        ).toEqual(['review']);

        // a quiet stream carries a comment line at least every 30 s
        await eventually(async () => /\n: keep-alive\n\n/.test(toLegal.text()), Math.max(1_000, 32_000 - (Date.now() - opened)), 'a keep-alive comment');
        expect(toLegal.text()).toMatch(/^retry: \d+\n: connected\n\n/);
      } finally {
        for (const s of [toPollution, toEnforcement, toLegal]) s.close();
      }
    });
  });
});
