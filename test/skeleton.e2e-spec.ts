import { Portal } from './support/portal';
import { RunningSystem } from './support/system';
import { aStaff, anApplicant } from './support/users';

jest.setTimeout(300_000); // the system boots in this time too, on a loaded machine

describe('walking skeleton: separate services over real queues', () => {
  let sys: RunningSystem;
  let portal: Portal;
  const window = aStaff('window');
  const pollution = aStaff('pollution');

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'skeleton' });
    portal = new Portal(sys);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('runs a discharge permit from submission to the decision notification', async () => {
    const applicant = anApplicant();
    const body = await portal.applicationFor(applicant, 'discharge_permit'); // the key-management permit
    const created = await portal.post(applicant, '/api/v1/applications', body).expect(201);
    expect(created.body).toMatchObject({ status: 'submitted', licenseType: 'discharge_permit', subItemCode: body.subItemCode });
    const id = created.body.id as string;

    const acceptance = await portal.taskFor(window, id, 'acceptance');
    expect(acceptance.dept).toBe('window');
    await portal.complete(window, acceptance.id, 'accept').expect(200);

    // handed over to the discharge-permit service through the outbox and BullMQ
    const review = await portal.taskFor(pollution, id, 'review');
    expect(review.id).toMatch(/^dp_/);
    const during = await portal.get(applicant, `/api/v1/applications/${id}`).expect(200);
    expect(during.body.status).toBe('in_review');
    expect(during.body.openTasks).toEqual([expect.objectContaining({ id: review.id, kind: 'review', dept: 'pollution' })]);
    expect(during.body.sla).toMatchObject({ clock: 'running', level: 'green', daysSaved: null });

    await portal.complete(pollution, review.id, 'approve').expect(200);
    await portal.approveAll(id, ['monitoring', 'enforcement'], 'countersign');
    await portal.approveAll(id, ['approval'], 'decision');

    const decided = await portal.status(applicant, id, 'approved');
    expect(decided.sla.clock).toBe('stopped');
    expect(decided.sla.daysSaved).toBe(decided.sla.statutoryLimit.days - decided.sla.elapsedDays);
    expect(decided.history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['acceptance:accept', 'review:approve', 'decision:approve', 'approved']),
    );
    const note = await portal.notification(applicant, id, 'decision');
    expect(note).toMatchObject({ kind: 'decision', applicationId: id });

    const permits = await portal.get(applicant, '/api/v1/permits').expect(200);
    expect(permits.body.items).toEqual([
      expect.objectContaining({ creditCode: applicant.creditCode, licenseType: 'discharge_permit', managementCategory: 'key', status: 'valid' }),
    ]);
    // the applicant's list follows the owning service's status (a queue hop back to intake)
    const list = await portal.get(applicant, '/api/v1/applications').expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id })]);
  });

  it('answers 409 to a second completion of the same task and changes nothing', async () => {
    const applicant = anApplicant();
    const { body } = await portal.post(applicant, '/api/v1/applications', await portal.applicationFor(applicant, 'radiation_safety')).expect(201);
    const task = await portal.taskFor(window, body.id, 'acceptance');
    const [a, b] = await Promise.all([
      portal.complete(window, task.id, 'accept'),
      portal.complete(window, task.id, 'not_accept', { comment: 'outside this bureau' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const after = await portal.get(applicant, `/api/v1/applications/${body.id}`).expect(200);
    const decided = after.body.history.filter((h: { action: string }) => h.action.startsWith('acceptance:'));
    expect(decided).toHaveLength(1);
  });

  it('keeps applicants apart: another enterprise gets 404 and an empty list', async () => {
    const owner = anApplicant();
    const other = anApplicant();
    const { body } = await portal.post(owner, '/api/v1/applications', await portal.applicationFor(owner, 'hazardous_waste')).expect(201);
    const res = await portal.get(other, `/api/v1/applications/${body.id}`).expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    await portal.post(other, `/api/v1/applications/${body.id}/withdraw`, {}).expect(404);
    const list = await portal.get(other, '/api/v1/applications').expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('returns the same application for a repeated Idempotency-Key, 422 for another body', async () => {
    const applicant = anApplicant();
    const body = await portal.applicationFor(applicant, 'weee_processing');
    const first = await portal.post(applicant, '/api/v1/applications', body).set('Idempotency-Key', 'k-1').expect(201);
    const again = await portal.post(applicant, '/api/v1/applications', body).set('Idempotency-Key', 'k-1').expect(200);
    expect(again.body.id).toBe(first.body.id);
    const concurrent = await Promise.all([1, 2, 3].map(() => portal.post(applicant, '/api/v1/applications', body).set('Idempotency-Key', 'k-2')));
    expect(new Set(concurrent.map((r) => r.body.id)).size).toBe(1);
    expect(concurrent.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    const other = await portal
      .post(applicant, '/api/v1/applications', { ...body, project: { name: 'different' } })
      .set('Idempotency-Key', 'k-1')
      .expect(422);
    expect(other.body.statusCode).toBe(422);
    const list = await portal.get(applicant, '/api/v1/applications').expect(200);
    expect(list.body.items).toHaveLength(2);
  });
});
