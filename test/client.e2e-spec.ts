import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { QUEUE_NAMES } from '../libs/contracts/src/jobs';
import { REDIS_URL } from './support/env';
import { Portal } from './support/portal';
import { clientFor, contractProblems } from './support/contract';
import { eventually, RunningSystem } from './support/system';
import { aStaff, anAdmin, anApplicant } from './support/users';

jest.setTimeout(300_000); // the system boots in this time too, on a loaded machine

/**
 * A portal's journey through the typed client generated from the committed OpenAPI document
 * (libs/api-client: openapi-typescript + openapi-fetch). Every answer is checked against the document it was
 * generated from, so a service that drifts from the document (a field renamed, a status not listed, an error
 * without its code) fails here, and a portal that drifts fails to compile.
 */
describe('the typed client against the running system', () => {
  let sys: RunningSystem;
  let portal: Portal;
  const applicant = anApplicant();
  const window = aStaff('window');
  const pollution = aStaff('pollution');

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'client' });
    portal = new Portal(sys);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('files an application, accepts it at the window, lists the review task and reads the case', async () => {
    const asApplicant = clientFor(sys, applicant);
    const catalog = await asApplicant.GET('/api/v1/catalog/items');
    expect(catalog.response.status).toBe(200);
    const sub = catalog.data!.find((i) => i.licenseType === 'discharge_permit')!.subItems.find((s) => s.kind === 'new')!;
    expect(sub.statutoryLimit.unit).toMatch(/working|calendar/);

    // materials are uploaded as multipart (the portal helper); the application itself through the typed client
    const body = await portal.applicationFor(applicant, 'discharge_permit');
    const filed = await asApplicant.POST('/api/v1/applications', { body, params: { header: { 'Idempotency-Key': `client-${Date.now()}` } } });
    expect(filed.response.status).toBe(201);
    const id = filed.data!.id;
    expect(filed.data).toMatchObject({ status: 'submitted', subItemCode: sub.code, licenseType: 'discharge_permit' });

    const asWindow = clientFor(sys, window);
    const acceptance = await eventually(
      async () => {
        const page = await asWindow.GET('/api/v1/tasks', { params: { query: { status: 'open', applicationId: id, kind: 'acceptance' } } });
        return page.data?.items.find((t) => t.applicationId === id);
      },
      10_000,
      'the acceptance task',
    );
    expect(acceptance).toMatchObject({ kind: 'acceptance', dept: 'window', slaLevel: 'green' });
    // due on the acceptance limit's last day: today or later, never null
    expect(acceptance.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(acceptance.dueDate! >= new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)).toBe(true);

    const done = await asWindow.POST('/api/v1/tasks/{id}/complete', { params: { path: { id: acceptance.id } }, body: { outcome: 'accept' } });
    expect(done.response.status).toBe(200);
    expect(done.data).toMatchObject({ id: acceptance.id, applicationId: id, status: 'completed', outcome: 'accept' });

    // the same task again: a 409 whose code a program switches on
    const again = await asWindow.POST('/api/v1/tasks/{id}/complete', { params: { path: { id: acceptance.id } }, body: { outcome: 'accept' } });
    expect(again.response.status).toBe(409);
    expect(again.error).toMatchObject({ statusCode: 409, error: 'Conflict', code: expect.stringMatching(/^(INVALID_TRANSITION|STALE_VERSION|CONFLICT)$/) });

    const asPollution = clientFor(sys, pollution);
    const review = await eventually(
      async () => {
        const page = await asPollution.GET('/api/v1/tasks', { params: { query: { status: 'open', applicationId: id, sort: 'dueDate' } } });
        return page.data?.items.find((t) => t.applicationId === id);
      },
      15_000,
      'the review task at the owner',
    );
    expect(review.id).toMatch(/^dp_/);
    expect(review.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const read = await eventually(
      async () => {
        const r = await asApplicant.GET('/api/v1/applications/{id}', { params: { path: { id } } });
        return r.data?.status === 'in_review' ? r.data : undefined;
      },
      10_000,
      'the case in review',
    );
    expect(read).toMatchObject({ id, owner: 'discharge-permit', applicant: { creditCode: applicant.creditCode } });
    expect(read.sla?.clock).toBe('running');
    expect(read.history.map((h) => h.action)).toEqual(expect.arrayContaining(['accepted', 'task_opened:review']));

    const mine = await asApplicant.GET('/api/v1/applications', { params: { query: { limit: 10 } } });
    expect(mine.data!.items.map((a) => a.id)).toContain(id);
  });

  it('answers errors in the documented shape, with their code', async () => {
    const asApplicant = clientFor(sys, applicant);
    const missing = await asApplicant.GET('/api/v1/applications/{id}', { params: { path: { id: '0193a5c2-6f1e-7d2b-9c4a-000000000000' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });

    const invalid = await asApplicant.POST('/api/v1/applications', {
      body: { subItemCode: 'HB-002-01', project: { name: 'x' }, materials: [], extra: 1 } as never,
    });
    expect(invalid.response.status).toBe(400);
    expect(invalid.error).toMatchObject({ code: 'VALIDATION_FAILED' });

    const anonymous = clientFor(sys);
    const refused = await anonymous.GET('/api/v1/tasks');
    expect(refused.response.status).toBe(401);
    expect(refused.error).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('would fail on a drift: an undocumented status or a body missing a documented field', () => {
    expect(contractProblems('GET', '/api/v1/tasks', 418, {})).toEqual([expect.stringContaining('does not list')]);
    expect(contractProblems('GET', '/api/v1/tasks', 200, { items: [{ id: 'x' }], nextCursor: null }).join('\n')).toContain(
      "must have required property 'applicationId'",
    );
    expect(contractProblems('GET', '/api/v1/tasks', 200, { items: [], nextCursor: null })).toEqual([]);
  });

  describe('the queue dashboard at /admin/queues (Bull Board)', () => {
    const admin = anAdmin();
    const board = (path: string) => sys.http().get(`/admin/queues${path}`);

    it('refuses a request without a token (401; a browser is sent to the sign-in form) and one without the admin role (403)', async () => {
      const none = await board('/api/queues').expect(401);
      expect(none.body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
      const browser = await board('/').set('Accept', 'text/html').expect(303);
      expect(browser.headers.location).toBe('/admin/queues/login');
      await board('/api/queues').set('Authorization', 'Bearer not-a-token').expect(401);
      for (const user of [window, applicant, aStaff('enforcement', ['head'])]) {
        const res = await board('/api/queues').set('Authorization', user.auth).expect(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      await sys.http().put('/admin/queues/api/queues/intake/any/retry').set('Authorization', window.auth).expect(403);
    });

    it('shows an admin every queue and retries a failed job', async () => {
      const res = await board('/api/queues').set('Authorization', admin.auth).expect(200);
      expect((res.body.queues as { name: string }[]).map((q) => q.name).sort()).toEqual([...QUEUE_NAMES].sort());

      const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
      const intake = new Queue('intake', { connection, prefix: sys.env.REDIS_PREFIX });
      try {
        // a job nobody signed: the intake worker fails it at once (a dead letter, BAD_SIGNATURE)
        const broken = await intake.add('case.status-changed.v1', { applicationId: 42 }, { jobId: `board-${Date.now()}`, attempts: 1 });
        await eventually(async () => (await intake.getJob(broken.id!))?.failedReason, 15_000, 'the job to fail');
        const failed = await board('/api/queues?activeQueue=intake&status=failed').set('Authorization', admin.auth).expect(200);
        const listed = (failed.body.queues as { name: string; jobs: { id: string }[] }[]).find((q) => q.name === 'intake');
        expect(listed?.jobs.map((j) => j.id)).toContain(broken.id);

        await sys.http().put(`/admin/queues/api/queues/intake/${broken.id}/retry`).set('Authorization', admin.auth).expect(204);
        // it ran again (and failed again: nobody signed it)
        await eventually(async () => ((await intake.getJob(broken.id!))?.attemptsMade ?? 0) >= 2, 15_000, 'the retried job to run again');
        expect((await intake.getJob(broken.id!))?.failedReason).toMatch(/^BAD_SIGNATURE: /);
      } finally {
        await intake.close();
        connection.disconnect();
      }
    });

    it('refuses an admin every action but retry (405): add, edit, clean, pause, obliterate change nothing', async () => {
      const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
      const intake = new Queue('intake', { connection, prefix: sys.env.REDIS_PREFIX });
      try {
        // what the refused actions would change: the failed set (clean, empty, obliterate), the pause, a forged job anywhere
        const counts = async () => ({
          ...(await intake.getJobCounts('failed')),
          paused: await intake.isPaused(),
          forged: (await intake.getJobs(['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'], 0, 10_000)).filter(
            (j) => j?.data?.decisionNo === 'FORGED-1',
          ).length,
        });
        const before = await counts();
        const forged = {
          name: 'case.status-changed.v1',
          data: { applicationId: 'x', correlationId: 'c', status: 'approved', at: new Date().toISOString(), decisionNo: 'FORGED-1' },
        };
        for (const [method, path] of [
          ['post', '/admin/queues/api/queues/intake/add'],
          ['post', '/admin/queues/api/queues/Intake/add/'],
          ['patch', '/admin/queues/api/queues/intake/any/update-data'],
          ['put', '/admin/queues/api/queues/intake/clean/failed'],
          ['put', '/admin/queues/api/queues/intake/pause'],
          ['put', '/admin/queues/api/queues/intake/empty'],
          ['put', '/admin/queues/api/queues/intake/obliterate'],
        ] as const) {
          const res = await sys.http()[method](path).set('Authorization', admin.auth).send(forged);
          expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 405, code: 'METHOD_NOT_ALLOWED' });
        }
        expect(await counts()).toEqual(before);
      } finally {
        await intake.close();
        connection.disconnect();
      }
    });

    it('lets a browser sign in with an admin token and keeps it in an HttpOnly cookie for the dashboard only', async () => {
      const form = await sys.http().get('/admin/queues/login').expect(200);
      expect(form.text).toContain('<form method="post" action="/admin/queues/login">');
      await sys
        .http()
        .post('/admin/queues/login')
        .type('form')
        .send({ token: window.auth.replace('Bearer ', '') })
        .expect(403);
      await sys.http().post('/admin/queues/login').type('form').send({ token: 'garbage' }).expect(401);
      const signed = await sys
        .http()
        .post('/admin/queues/login')
        .type('form')
        .send({ token: admin.auth.replace('Bearer ', '') })
        .expect(303);
      const cookie = String(signed.headers['set-cookie']);
      expect(cookie).toMatch(/^queue_board_token=[^;]+; Path=\/admin\/queues; HttpOnly; SameSite=Strict; Max-Age=\d+/);
      const page = await board('/').set('Cookie', cookie.split(';')[0]).set('Accept', 'text/html').expect(200);
      expect(page.text).toContain('<html');
      await board('/api/queues').set('Cookie', cookie.split(';')[0]).expect(200);
    });
  });
});
