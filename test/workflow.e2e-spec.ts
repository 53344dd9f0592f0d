import { Client } from 'pg';
import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { anAdmin, anApplicant, anAuditor, aStaff } from './support/users';

jest.setTimeout(90_000);

type Staff = ReturnType<typeof aStaff>;
const staff = (dept: Parameters<typeof aStaff>[0], roles?: Parameters<typeof aStaff>[1]) => aStaff(dept, roles);

describe('the workflow engine through the portal: every licence, every operation', () => {
  let sys: RunningSystem;
  let portal: Portal;
  const window = staff('window');
  const approval = staff('approval');
  const head = staff('approval', ['head']);

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

  const approveAll = (id: string, depts: Staff[], kind: string) => portal.approveAll(id, depts.map((s) => s.dept), kind);

  it.each([
    ['hazardous_waste', 'solid_waste', ['pollution', 'enforcement', 'legal'], 'WF'],
    ['radiation_safety', 'radiation', ['monitoring', 'legal'], 'FS'],
    ['weee_processing', 'solid_waste', ['pollution', 'enforcement'], 'DZ'],
    ['facility_dismantle', 'pollution', ['enforcement', 'monitoring'], 'CC'],
  ] as const)('runs a %s case end to end into the register', async (licenseType, reviewDept, signers, series) => {
    const { applicant, id } = await accepted(licenseType);
    await approveAll(id, [staff(reviewDept)], 'review');
    await approveAll(id, signers.map((d) => staff(d)), 'countersign');
    await approveAll(id, [approval], 'decision');
    const done = await portal.status(applicant, id, 'approved');
    expect(done.sla.clock).toBe('stopped');
    const permits = await portal.get(applicant, '/api/v1/permits').expect(200);
    expect(permits.body.items).toEqual([expect.objectContaining({ licenseType, status: 'valid', permitNo: expect.stringMatching(new RegExp(`^${series}-\\d{4}-\\d{6}$`)) })]);
    await portal.notification(applicant, id, 'decision');
  });

  it('accepts more applications at once than a service has pool connections', async () => {
    const applicant = anApplicant();
    const body = await portal.applicationFor(applicant, 'radiation_safety');
    const ids = await Promise.all(Array.from({ length: 16 }, () => portal.post(applicant, '/api/v1/applications', body).expect(201).then((r) => r.body.id as string)));
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
    const permits = await eventually(async () => {
      const res = await portal.get(applicant, '/api/v1/permits').expect(200);
      return res.body.items.length ? res.body.items : undefined;
    }, 10_000, 'the registration in the register');
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
    const expert = aStaff('legal', ['officer'], `expert-${Date.now()}`);
    const t = await portal.taskFor(officer, id, 'review');
    await portal.post(officer, `/api/v1/tasks/${t.id}/delegate`, { toUserId: expert.id }).expect(200);
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
    const expert = aStaff('legal', ['officer'], `delegate-target-${Date.now()}`);
    const t = await portal.taskFor(reviewer, id, 'review');
    await portal.post(reviewer, `/api/v1/tasks/${t.id}/delegate`, { toUserId: expert.id }).expect(200);
    await portal.complete(expert, t.id, 'approve', { comment: 'internal: expert opinion on storage' }).expect(200);
    await portal.complete(reviewer, t.id, 'approve', { comment: 'internal: reviewer remark' }).expect(200);
    const pollution = staff('pollution');
    await portal.complete(pollution, (await portal.taskFor(pollution, id, 'countersign')).id, 'approve', { comment: 'internal: pollution section vote' }).expect(200);
    await approveAll(id, [staff('enforcement'), staff('legal')], 'countersign');
    const d = await portal.taskFor(approval, id, 'decision');
    await portal.complete(approval, d.id, 'reject', { comment: 'refused: storage does not meet GB 18597' }).expect(200);
    const mine = await portal.status(applicant, id, 'denied');

    const seen = JSON.stringify(mine);
    for (const secret of [expert.id, 'internal: expert opinion', 'internal: reviewer remark', 'internal: pollution section vote', '"votes"', 'task_delegated']) expect(seen).not.toContain(secret);
    expect(mine.history).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'decision:reject', detail: { comment: 'refused: storage does not meet GB 18597' } })]));
    expect(mine.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['countersign:approve', 'denied']));
    expect(mine.history.filter((h: { action: string }) => h.action.startsWith('countersign:'))).toHaveLength(1); // the outcome, not each vote

    const theirs = JSON.stringify((await portal.get(head, `/api/v1/applications/${id}`).expect(200)).body);
    for (const secret of [expert.id, 'internal: expert opinion', 'internal: reviewer remark', 'internal: pollution section vote', '"votes"', 'task_delegated', 'refused: storage']) expect(theirs).toContain(secret);
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
    const first = await portal.post(a, '/api/v1/applications', await portal.applicationFor(a, 'radiation_safety', { name: 'same project' })).set('Idempotency-Key', 'shared-key-1').expect(201);
    const second = await portal.post(b, '/api/v1/applications', await portal.applicationFor(b, 'radiation_safety', { name: 'same project' })).set('Idempotency-Key', 'shared-key-1').expect(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect((await portal.get(b, `/api/v1/applications/${second.body.id}`).expect(200)).body.applicant.creditCode).toBe(b.creditCode);
    await portal.get(b, `/api/v1/applications/${first.body.id}`).expect(404);
  });

  it.each([
    ['discharge-permit', 'hazardous_waste', 'solid_waste'],
    ['eia-review', 'eia_approval', 'eia'],
  ] as const)("keeps another enterprise out of a case after handover to %s: GET, withdraw, supplements and audit answer 404", async (_owner, licenseType, reviewDept) => {
    const { applicant, id } = await accepted(licenseType);
    await portal.taskFor(staff(reviewDept), id, 'review');
    const other = anApplicant();
    await portal.get(other, `/api/v1/applications/${id}`).expect(404);
    await portal.post(other, `/api/v1/applications/${id}/withdraw`, { reason: 'not mine' }).expect(404);
    await portal.post(other, `/api/v1/applications/${id}/supplements`, { materials: [{ code: 'X', fileName: 'x.pdf', sha256: 'a'.repeat(64) }] }).expect(404);
    // the owner still holds it, untouched
    const mine = await portal.get(applicant, `/api/v1/applications/${id}`).expect(200);
    expect(mine.body.status).not.toBe('withdrawn');
  });

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
});
