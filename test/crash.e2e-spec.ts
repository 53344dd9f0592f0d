import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { aStaff, anApplicant } from './support/users';

jest.setTimeout(120_000);

/**
 * Kills workers with SIGKILL while accepted cases are being handed over, relayed and taken up, then
 * checks every case and every effect: none lost, none doubled.
 */
describe('crash safety', () => {
  let sys: RunningSystem;
  let portal: Portal;
  const window = aStaff('window');
  const pollution = aStaff('pollution');

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'crash' });
    portal = new Portal(sys);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('loses no accepted case and duplicates no task or notification when workers die mid-flight', async () => {
    const applicant = anApplicant();
    const body = await portal.applicationFor(applicant, 'discharge_permit');
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push((await portal.post(applicant, '/api/v1/applications', { ...body, project: { ...body.project, name: `Plant ${i}` } }).expect(201)).body.id);
    const acceptance = await Promise.all(ids.map((id) => portal.taskFor(window, id, 'acceptance')));

    // accept them all while the relay and the consumer are killed and restarted under the load
    const accepting = (async () => {
      for (const t of acceptance) await portal.complete(window, t.id, 'accept').expect(200);
    })();
    await new Promise((r) => setTimeout(r, 150));
    await sys.crash('apps/discharge-permit/src/worker.js');
    await new Promise((r) => setTimeout(r, 150));
    await sys.crash('apps/intake/src/worker.js');
    await accepting;
    await sys.crash('apps/discharge-permit/src/worker.js');

    // every case reaches the owner exactly once: one review task each, never two
    const reviews = await eventually(
      async () => {
        const res = await portal.get(pollution, '/api/v1/tasks?limit=1000').expect(200);
        const mine = (res.body.items as { applicationId: string; kind: string }[]).filter((t) => ids.includes(t.applicationId));
        return mine.length >= ids.length ? mine : undefined;
      },
      40_000,
      'every review task',
    );
    expect(reviews).toHaveLength(ids.length);
    expect(new Set(reviews.map((t) => t.applicationId)).size).toBe(ids.length);
    expect(reviews.every((t) => t.kind === 'review')).toBe(true);

    // one task_assigned notice per review task for the department, and nothing else doubled
    const notices = await eventually(
      async () => {
        const res = await portal.get(pollution, '/api/v1/notifications?limit=1000').expect(200);
        const mine = (res.body.items as { applicationId: string; kind: string }[]).filter((n) => ids.includes(n.applicationId) && n.kind === 'task_assigned');
        return mine.length >= ids.length ? mine : undefined;
      },
      40_000,
      'every task_assigned notification',
    );
    await new Promise((r) => setTimeout(r, 1500)); // let any duplicate that might come arrive
    const settled = await portal.get(pollution, '/api/v1/notifications?limit=1000').expect(200);
    const finalNotices = (settled.body.items as { applicationId: string; kind: string }[]).filter((n) => ids.includes(n.applicationId) && n.kind === 'task_assigned');
    expect(notices.length).toBe(ids.length);
    expect(finalNotices.length).toBe(ids.length);

    // and the applicant's records all say in_review
    for (const id of ids) {
      const view = await portal.get(applicant, `/api/v1/applications/${id}`).expect(200);
      expect(view.body.status).toBe('in_review');
      expect(view.body.openTasks).toHaveLength(1);
    }
  });
});
