import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { nationalSignature } from '../apps/eia-review/src/national-eia/signature';
import { signTestToken as signToken } from '../libs/auth/src/testing/tokens';
import { Portal } from './support/portal';
import { JWT_SECRET, RunningSystem } from './support/system';
import { aStaff, anAdmin, anApplicant } from './support/users';

jest.setTimeout(300_000); // the system boots in this time too, on a loaded machine

const NATIONAL_SECRET = 'errors-national-secret-of-32-bytes!!';

/** Posts `size` bytes without a Content-Type, as a raw HTTP client; resolves to the status or the socket error. */
function postWithoutContentType(url: string, path: string, auth: string, size: number): Promise<number | string> {
  const body = Buffer.alloc(size, 'a');
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const req = httpRequest({ host: hostname, port, path, method: 'POST', headers: { 'content-length': body.length, authorization: auth } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end(body);
  });
}

/** Sends `method path` byte for byte as given (no client normalising or re-encoding it); resolves to the status or the socket error. */
function rawRequest(url: string, method: string, path: string, auth: string): Promise<number | string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const req = httpRequest({ host: hostname, port, path, method, headers: { authorization: auth } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end();
  });
}

describe('errors at the front door: every refusal is a clear 4xx and changes nothing', () => {
  let sys: RunningSystem;
  let portal: Portal;
  const applicant = anApplicant();
  let body: Awaited<ReturnType<Portal['applicationFor']>>;

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'errors', env: { NATIONAL_EIA_SECRET: NATIONAL_SECRET } });
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

  it('has no test clock unless CLOCK=manual: 404, and absent from the OpenAPI document', async () => {
    await portal.get(anAdmin(), '/api/v1/_test/clock').expect(404);
    await portal.post(anAdmin(), '/api/v1/_test/clock', { now: '2030-01-01T00:00:00Z' }).expect(404);
    const docs = await sys.http().get('/docs-json').expect(200);
    expect(Object.keys(docs.body.paths).filter((p) => p.includes('_test'))).toEqual([]);
  });

  it('serves the committed OpenAPI document as it is (built from the code at build time, scripts/openapi.ts)', async () => {
    const docs = await sys.http().get('/docs-json').expect(200);
    const file = join(__dirname, '..', 'apps', 'gateway', 'openapi.json');
    expect(docs.body).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });

  it.each([
    ['no token', undefined],
    ['a bad token', 'Bearer not-a-jwt'],
    [
      'a token signed with another secret',
      `Bearer ${signToken({ id: 'x', name: 'x', roles: ['applicant'], creditCode: applicant.creditCode }, 'another-secret')}`,
    ],
    ['an expired token', `Bearer ${signToken({ id: 'x', name: 'x', roles: ['applicant'], creditCode: applicant.creditCode }, JWT_SECRET, -10)}`],
  ])('answers 401 to %s', async (_, auth) => {
    const req = sys.http().post('/api/v1/applications').send(body);
    if (auth) req.set('Authorization', auth);
    const res = await req.expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'UNAUTHORIZED' });
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
    const bad = await sys
      .http()
      .post('/api/v1/applications')
      .set('Authorization', applicant.auth)
      .set('Content-Type', 'application/json')
      .send('{"subItemCode": ')
      .expect(400);
    expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED' });
    const big = await sys
      .http()
      .post('/api/v1/applications')
      .set('Authorization', applicant.auth)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...body, project: { name: 'x'.repeat(1_100_000) } }))
      .expect(413);
    expect(big.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await count()).toBe(before);
  });

  it('answers 404 to unknown paths and tasks, 400 to a bad cursor', async () => {
    await portal.get(applicant, '/api/v1/nothing-here').expect(404);
    await portal.post(aStaff('window'), '/api/v1/tasks/dp_00000000-0000-0000-0000-000000000000/complete', { outcome: 'approve' }).expect(404);
    await portal.post(aStaff('window'), '/api/v1/tasks/zz_unknown/complete', { outcome: 'approve' }).expect(404);
    await portal.get(aStaff('window'), '/api/v1/tasks?cursor=garbage').expect(400);
    await portal.get(aStaff('window'), '/api/v1/tasks?limit=5000').expect(400);
  });

  // The gateway forwards the URL exactly as it came (request.raw.url): a proxy that decodes a path parameter and
  // encodes it again, or a client library that refuses the result, turned these into 500s (issue 26, lever 2).
  it('answers 4xx, never 5xx, to path parameters with encoded slashes, NUL, percent signs, double encoding or great length, through the gateway', async () => {
    const values = [
      '..%2F..%2Fetc%2Fpasswd',
      '%2F',
      '..%2f..%2f',
      '%2e%2e%2f%2e%2e%2fetc',
      '%00',
      'a%00b',
      '%25',
      '%252F',
      '%252e%252e%252f',
      '%E0%A4%A',
      '%',
      'a'.repeat(5000),
      `${'%2F'.repeat(1000)}x`,
    ];
    const paths = [
      '/api/v1/permits/{}',
      '/api/v1/calendar/years/{}',
      '/api/v1/notifications/contacts/enterprise/{}',
      '/api/v1/notifications/contacts/{}/x',
      '/api/v1/supervision/cases/{}',
      '/api/v1/supervision/penalties/{}',
      '/api/v1/supervision/checks/{}/result',
      '/api/v1/applications/{}',
      '/api/v1/applications/{}/audit',
      '/api/v1/tasks/{}',
      '/api/v1/cases/{}',
      '/api/v1/files/{}',
    ];
    const answers: Record<string, number | string> = {};
    for (const who of [anAdmin(), aStaff('window')])
      for (const path of paths)
        for (const v of values) {
          const p = path.replace('{}', v);
          for (const method of ['GET', 'POST']) answers[`${method} ${p.slice(0, 120)} (${who.roles.join()})`] = await rawRequest(sys.url, method, p, who.auth);
        }
    const bad = Object.entries(answers).filter(([, status]) => typeof status !== 'number' || status < 400 || status >= 500);
    expect(bad).toEqual([]);
  });

  it('answers 400, never 500, to a multipart upload its parser cannot read (no boundary, cut short, a file in another field)', async () => {
    const { hostname, port } = new URL(sys.url);
    const upload = (contentType: string, body: string) =>
      new Promise<{ status: number; code?: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: hostname,
            port,
            path: '/api/v1/files',
            method: 'POST',
            headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body), authorization: applicant.auth },
          },
          (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, code: (JSON.parse(text) as { code?: string }).code }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const part = (field: string) =>
      `--b\r\nContent-Disposition: form-data; name="${field}"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\r\n`;
    // busboy: "Boundary not found"
    expect(await upload('multipart/form-data', part('file'))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    // busboy: "Unexpected end of form"
    expect(await upload('multipart/form-data; boundary=b', part('file'))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await upload('multipart/form-data; boundary=b', `${part('other')}--b--\r\n`)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await upload('multipart/form-data; boundary=b', '--b--\r\n')).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('answers 400 to an outcome that does not fit the task', async () => {
    const { body: app } = await portal.post(applicant, '/api/v1/applications', body).expect(201);
    const task = await portal.taskFor(aStaff('window'), app.id, 'acceptance');
    await portal.complete(aStaff('window'), task.id, 'approve').expect(400);
    await portal.complete(aStaff('window'), task.id, 'request_correction').expect(400); // no corrections listed
    await portal.complete(aStaff('window'), task.id, 'maybe').expect(400);
  });

  describe('client input that used to answer 5xx', () => {
    const window = aStaff('window');
    const counts = async () => {
      const apps = await count();
      const tasks = (await portal.get(window, '/api/v1/tasks?limit=1000').expect(200)).body.items.length as number;
      const notes = (await portal.get(applicant, '/api/v1/notifications?limit=1000').expect(200)).body.items.length as number;
      return { apps, tasks, notes };
    };

    it('answers 400 to JSON nested thousands of levels deep on every kind of body route, and changes nothing', async () => {
      const before = await counts();
      const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`;
      const deepObject = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;
      const send = (user: { auth: string }, method: 'post' | 'put', path: string, raw: string) =>
        sys.http()[method](path).set('Authorization', user.auth).set('Content-Type', 'application/json').send(raw);
      for (const raw of [`{"subItemCode":"x","project":${deep},"materials":[]}`, `{"subItemCode":"x","project":${deepObject},"materials":[]}`]) {
        const res = await send(applicant, 'post', '/api/v1/applications', raw);
        expect(res.status).toBe(400);
        expect(JSON.stringify(res.body.message)).toContain('nested deeper');
      }
      await send(window, 'post', '/api/v1/tasks/in_00000000-0000-0000-0000-000000000000/complete', `{"outcome":${deep}}`).expect(400);
      await send(anAdmin(), 'put', '/api/v1/calendar/years/2030', deep).expect(400);
      await send(applicant, 'post', '/api/v1/notifications/read-all', deep).expect(400);
      expect(await counts()).toEqual(before);
    });

    it.each(['-1', '0', '2020-02-30', '+275760-09-13T00:00:00.000Z', '2026-01-01T00:00:00.000Z\u0000', 'nul'])(
      'answers 400 to a cursor holding %s on every list',
      async (at) => {
        const cursor = Buffer.from(at === 'nul' ? JSON.stringify(['2026-01-01T00:00:00.000Z', 'a\u0000b']) : JSON.stringify([at, 'x'])).toString('base64url');
        for (const [user, path] of [
          [window, '/api/v1/applications'],
          [window, '/api/v1/tasks'],
          [applicant, '/api/v1/notifications'],
          [window, '/api/v1/permits'],
        ] as const) {
          const res = await portal.get(user, `${path}?cursor=${cursor}`);
          expect({ path, status: res.status }).toEqual({ path, status: 400 });
          expect(JSON.stringify(res.body.message)).toContain('cursor');
        }
      },
    );

    it.each(['2020-02-30', '2026-02-29', '0000-01-01', '2026-13-01', '2026-01-01T25:00:00Z'])(
      'answers 400 to from/to %s on the application list',
      async (day) => {
        for (const q of [`from=${day}`, `to=${day}`]) {
          const res = await portal.get(window, `/api/v1/applications?${q}`);
          expect(res.status).toBe(400);
          expect(JSON.stringify(res.body.message)).toMatch(/from|to/);
        }
        await portal.get(window, '/api/v1/applications?from=2024-02-29&to=2026-01-01T08:00:00%2B08:00').expect(200);
      },
    );

    it('answers 400 to a correctly signed national declaration whose documents hold an array, and stores nothing', async () => {
      const before = await counts();
      const declaration = {
        declarationId: `NEIA-nested-${Date.now()}`,
        projectCode: '2017-150100-44-01-00001',
        projectName: 'Nested documents',
        constructionUnit: { name: 'Unit', creditCode: applicant.creditCode },
        category: 'report_table',
        industryCode: 'C3360',
        location: '呼和浩特市',
        investment: 10,
        documents: [[{ name: 'a.pdf', sha256: 'ab'.repeat(32) }]],
      };
      const raw = JSON.stringify(declaration);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomUUID();
      const res = await sys
        .http()
        .post('/api/v1/integrations/national-eia/declarations')
        .set({
          'Content-Type': 'application/json',
          'X-Timestamp': timestamp,
          'X-Nonce': nonce,
          'X-Signature': nationalSignature(NATIONAL_SECRET, timestamp, nonce, raw),
        })
        .send(raw);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain('documents');
      expect(await counts()).toEqual(before);
    });

    it('answers 400 to a lone UTF-16 surrogate anywhere in a body (PostgreSQL refuses it): a signed national declaration, a portal POST, a task completion', async () => {
      const before = await counts();
      for (const name of ['\ud800.pdf', 'a\udc00', '\ud83d']) {
        const declaration = {
          declarationId: `NEIA-surrogate-${Date.now()}-${name.length}`,
          projectCode: '2017-150100-44-01-00001',
          projectName: 'Lone surrogate',
          constructionUnit: { name: 'Unit', creditCode: applicant.creditCode },
          category: 'report_table',
          industryCode: 'C3360',
          location: '呼和浩特市',
          investment: 10,
          documents: [{ name, sha256: 'ab'.repeat(32) }],
        };
        const raw = JSON.stringify(declaration);
        expect(raw).toContain('\\u'); // sent as a JSON escape, as a client would
        const timestamp = String(Math.floor(Date.now() / 1000));
        const nonce = randomUUID();
        const res = await sys
          .http()
          .post('/api/v1/integrations/national-eia/declarations')
          .set({
            'Content-Type': 'application/json',
            'X-Timestamp': timestamp,
            'X-Nonce': nonce,
            'X-Signature': nationalSignature(NATIONAL_SECRET, timestamp, nonce, raw),
          })
          .send(raw);
        expect({ status: res.status, message: JSON.stringify(res.body.message) }).toEqual({
          status: 400,
          message: expect.stringContaining('lone UTF-16 surrogate'),
        });
      }
      for (const bad of [
        { ...body, project: { ...body.project, name: 'x\ud800' } },
        { ...body, project: { ...body.project, ['\udfff']: 'key' } },
      ]) {
        const res = await portal.post(applicant, '/api/v1/applications', bad);
        expect({ status: res.status, code: res.body.code, message: JSON.stringify(res.body.message) }).toEqual({
          status: 400,
          code: 'VALIDATION_FAILED',
          message: expect.stringContaining('lone UTF-16 surrogate'),
        });
      }
      const task = await sys
        .http()
        .post('/api/v1/tasks/in_00000000-0000-0000-0000-000000000000/complete')
        .set('Authorization', window.auth)
        .send({ outcome: 'accept', comment: '\ud800' });
      expect({ status: task.status, message: JSON.stringify(task.body.message) }).toEqual({
        status: 400,
        message: expect.stringContaining('lone UTF-16 surrogate'),
      });
      expect(await counts()).toEqual(before);
    });

    it('answers 4xx, never 503 or a reset, to parallel bodies without a Content-Type through the gateway', async () => {
      const before = await counts();
      const tries = [
        ...Array.from({ length: 12 }, () => postWithoutContentType(sys.url, '/api/v1/applications', applicant.auth, 600_000)),
        ...Array.from({ length: 12 }, () => postWithoutContentType(sys.url, '/api/v1/files', 'Bearer not-a-token', 600_000)),
        ...Array.from({ length: 12 }, () => postWithoutContentType(sys.url, '/api/v1/files', applicant.auth, 131_072)),
      ];
      const statuses = await Promise.all(tries);
      expect(statuses.filter((s) => typeof s !== 'number' || s < 400 || s >= 500)).toEqual([]);
      expect(await counts()).toEqual(before);
    });

    it('answers 401 to a valid token whose sub or name holds a NUL', async () => {
      for (const claims of [
        { id: 'u\u0000x', name: 'n' },
        { id: 'u', name: 'a\u0000b' },
      ]) {
        const auth = `Bearer ${signToken({ ...claims, roles: ['applicant'], creditCode: applicant.creditCode }, JWT_SECRET)}`;
        for (const path of ['/api/v1/notifications', '/api/v1/applications', '/api/v1/permits']) {
          const res = await sys.http().get(path).set('Authorization', auth);
          expect({ path, status: res.status }).toEqual({ path, status: 401 });
        }
        await sys.http().post('/api/v1/notifications/read-all').set('Authorization', auth).expect(401);
      }
    });

    it('answers 400 to an application without project, or with an array for it, and to a NUL in a string', async () => {
      const before = await counts();
      const { project: _omit, ...noProject } = body;
      for (const bad of [
        noProject,
        { ...body, project: [] },
        { ...body, project: null },
        { ...body, materials: [[body.materials[0]]] },
        { ...body, project: { name: 'a\u0000b' } },
      ]) {
        const res = await portal.post(applicant, '/api/v1/applications', bad);
        expect(res.status).toBe(400);
      }
      expect(await counts()).toEqual(before);
    });
  });
});
