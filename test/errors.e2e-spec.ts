import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signToken } from '../libs/auth/src/jwt';
import { Portal } from './support/portal';
import { JWT_SECRET, RunningSystem } from './support/system';
import { aStaff, anApplicant } from './support/users';

jest.setTimeout(60_000);

describe('errors at the front door: every refusal is a clear 4xx and changes nothing', () => {
  let sys: RunningSystem;
  let portal: Portal;
  const applicant = anApplicant();
  let body: Awaited<ReturnType<Portal['applicationFor']>>;

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'errors' });
    portal = new Portal(sys);
    body = await portal.applicationFor(applicant, 'discharge_permit');
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const count = async () => (await portal.get(aStaff('window'), '/api/v1/applications?limit=1000').expect(200)).body.items.length as number;

  it('needs no token for health, metrics and the docs', async () => {
    await sys.http().get('/health').expect(200);
    const metrics = await sys.http().get('/metrics').expect(200);
    expect(metrics.text).toContain('http_request_duration_seconds');
    expect(metrics.text).toContain('queue_jobs');
    const docs = await sys.http().get('/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/v1/applications', '/api/v1/tasks', '/api/v1/notifications', '/api/v1/permits']));
    await sys.http().get('/docs').expect(200);
  });

  it('publishes the OpenAPI document that is committed (UPDATE_OPENAPI=1 rewrites it)', async () => {
    const docs = await sys.http().get('/docs-json').expect(200);
    const file = join(__dirname, '..', 'apps', 'gateway', 'openapi.json');
    const current = `${JSON.stringify(docs.body, null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(file, current);
    expect(JSON.parse(current)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });

  it.each([
    ['no token', undefined],
    ['a bad token', 'Bearer not-a-jwt'],
    ['a token signed with another secret', `Bearer ${signToken({ id: 'x', name: 'x', roles: ['applicant'], creditCode: applicant.creditCode }, 'another-secret')}`],
    ['an expired token', `Bearer ${signToken({ id: 'x', name: 'x', roles: ['applicant'], creditCode: applicant.creditCode }, JWT_SECRET, -10)}`],
  ])('answers 401 to %s', async (_, auth) => {
    const req = sys.http().post('/api/v1/applications').send(body);
    if (auth) req.set('Authorization', auth);
    const res = await req.expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it('answers 403 to a role that may not act', async () => {
    const before = await count();
    await portal.post(aStaff('window'), '/api/v1/applications', body).expect(403);
    await portal.get(applicant, '/api/v1/tasks').expect(403);
    expect(await count()).toBe(before);
  });

  it('answers 403 to a task of another department', async () => {
    const { body: app } = await portal.post(applicant, '/api/v1/applications', body).expect(201);
    const task = await portal.taskFor(aStaff('window'), app.id, 'acceptance');
    const res = await portal.complete(aStaff('legal'), task.id, 'accept').expect(403);
    expect(res.body.statusCode).toBe(403);
    const still = await portal.get(applicant, `/api/v1/applications/${app.id}`).expect(200);
    expect(still.body.status).toBe('submitted');
  });

  it('answers 400 naming the field for unknown fields, wrong types and missing fields', async () => {
    const before = await count();
    const unknown = await portal.post(applicant, '/api/v1/applications', { ...body, extra: 1 }).expect(400);
    expect(JSON.stringify(unknown.body.message)).toContain('extra');
    const wrongType = await portal.post(applicant, '/api/v1/applications', { ...body, project: { name: 42 } }).expect(400);
    expect(JSON.stringify(wrongType.body.message)).toContain('project.name');
    const missing = await portal.post(applicant, '/api/v1/applications', { project: body.project, materials: body.materials }).expect(400);
    expect(JSON.stringify(missing.body.message)).toContain('subItemCode');
    const badHash = await portal.post(applicant, '/api/v1/applications', { ...body, materials: [{ ...body.materials[0], sha256: 'xyz' }] }).expect(400);
    expect(JSON.stringify(badHash.body.message)).toContain('sha256');
    const missingMaterial = await portal.post(applicant, '/api/v1/applications', { ...body, materials: body.materials.slice(1) }).expect(400);
    expect(JSON.stringify(missingMaterial.body.message)).toContain(body.materials[0].code);
    const unknownSub = await portal.post(applicant, '/api/v1/applications', { ...body, subItemCode: 'XX-999-99' }).expect(400);
    expect(JSON.stringify(unknownSub.body.message)).toContain('subItemCode');
    expect(await count()).toBe(before);
  });

  it('answers 400 to malformed JSON and 413 to a body over 1 MiB', async () => {
    const before = await count();
    const bad = await sys.http().post('/api/v1/applications').set('Authorization', applicant.auth).set('Content-Type', 'application/json').send('{"subItemCode": ').expect(400);
    expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const big = await sys.http().post('/api/v1/applications').set('Authorization', applicant.auth).set('Content-Type', 'application/json').send(JSON.stringify({ ...body, project: { name: 'x'.repeat(1_100_000) } })).expect(413);
    expect(big.body.statusCode).toBe(413);
    expect(await count()).toBe(before);
  });

  it('answers 404 to unknown paths and tasks, 400 to a bad cursor', async () => {
    await portal.get(applicant, '/api/v1/nothing-here').expect(404);
    await portal.post(aStaff('window'), '/api/v1/tasks/dp_00000000-0000-0000-0000-000000000000/complete', { outcome: 'approve' }).expect(404);
    await portal.post(aStaff('window'), '/api/v1/tasks/zz_unknown/complete', { outcome: 'approve' }).expect(404);
    await portal.get(aStaff('window'), '/api/v1/tasks?cursor=garbage').expect(400);
    await portal.get(aStaff('window'), '/api/v1/tasks?limit=5000').expect(400);
  });

  it('answers 400 to an outcome that does not fit the task', async () => {
    const { body: app } = await portal.post(applicant, '/api/v1/applications', body).expect(201);
    const task = await portal.taskFor(aStaff('window'), app.id, 'acceptance');
    await portal.complete(aStaff('window'), task.id, 'approve').expect(400);
    await portal.complete(aStaff('window'), task.id, 'request_correction').expect(400); // no corrections listed
    await portal.complete(aStaff('window'), task.id, 'maybe').expect(400);
  });
});
