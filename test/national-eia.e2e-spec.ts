import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { nationalSignature } from '../apps/eia-review/src/national-eia/signature';
import { makeCreditCode } from '../libs/contracts/src/testing/credit-codes';
import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { aStaff, anAdmin, anApplicant } from './support/users';

jest.setTimeout(300_000); // the system boots in this time too, on a loaded machine

const SECRET = 'national-eia-e2e-secret';
const PATH = '/api/v1/integrations/national-eia/declarations';
/** A manual clock far from the real time: a request signed with the machine's time must be refused. */
const CLOCK_START = '2026-03-02T01:00:00.000Z';
const LIFECYCLE = ['submitted', 'correction_requested', 'not_accepted', 'accepted', 'in_review', 'approved', 'denied', 'withdrawn'];

interface Push {
  declarationId: string;
  status: string;
  at: string;
  nonce: string;
  signatureValid: boolean;
  answered: number;
}

/** The national EIA system, as far as our pushes see it: POST /status, signed; can be told to fail. */
class FakeNationalSystem {
  readonly pushes: Push[] = [];
  private readonly failures = new Map<string, number>();
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next `n` pushes of this declaration answer 500. */
  failNext(declarationId: string, n: number): void {
    this.failures.set(declarationId, n);
  }

  /** The pushes of a declaration that were answered 2xx, in arrival order. */
  delivered(declarationId: string): Push[] {
    return this.pushes.filter((p) => p.declarationId === declarationId && p.answered === 200);
  }

  refused(declarationId: string): Push[] {
    return this.pushes.filter((p) => p.declarationId === declarationId && p.answered === 500);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    if (req.method !== 'POST' || req.url !== '/status') {
      res.writeHead(404).end();
      return;
    }
    const header = (n: string) => String(req.headers[n] ?? '');
    const body = JSON.parse(raw.toString('utf8')) as { declarationId: string; status: string; at: string };
    const signatureValid =
      header('x-signature') === nationalSignature(SECRET, header('x-timestamp'), header('x-nonce'), raw) && req.headers['content-type'] === 'application/json';
    const left = this.failures.get(body.declarationId) ?? 0;
    const answered = !signatureValid ? 401 : left > 0 ? 500 : 200;
    if (left > 0) this.failures.set(body.declarationId, left - 1);
    this.pushes.push({ ...body, nonce: header('x-nonce'), signatureValid, answered });
    res.writeHead(answered, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: answered === 200 }));
  }
}

let seq = 0;
function aDeclaration(over: Record<string, unknown> = {}) {
  seq += 1;
  const tag = `${Date.now().toString(36)}${seq}`;
  return {
    declarationId: `NEIA-${tag}`,
    projectCode: `2017-150100-44-01-${String(seq).padStart(5, '0')}`,
    projectName: `National project ${tag}`,
    constructionUnit: { name: `Construction unit ${tag}`, creditCode: makeCreditCode(700_000 + Math.floor(Math.random() * 1e6)) },
    category: 'report_table',
    industryCode: 'C3360',
    location: '呼和浩特市赛罕区',
    investment: 3200,
    documents: [
      { name: '环境影响报告表（报批稿）.pdf', sha256: 'AB'.repeat(32) },
      { name: '建设单位承诺书.pdf', sha256: 'cd'.repeat(32) },
    ],
    ...over,
  };
}

describe('national EIA system integration', () => {
  const national = new FakeNationalSystem();
  let sys: RunningSystem;
  let portal: Portal;
  const window = aStaff('window');
  const eia = aStaff('eia');
  const decider = aStaff('approval', ['head']);
  const admin = anAdmin();

  beforeAll(async () => {
    await national.start();
    sys = await RunningSystem.start({
      label: 'nationaleia',
      clock: 'manual',
      clockStart: CLOCK_START,
      env: { NATIONAL_EIA_BASE_URL: national.url, NATIONAL_EIA_SECRET: SECRET },
    });
    portal = new Portal(sys);
  });
  afterAll(async () => {
    await sys?.stop();
    await national.stop();
  });

  /** The manual clock as this test last set it (nothing else moves it). */
  let clockMs = Date.parse(CLOCK_START);

  async function advanceClock(ms: number): Promise<void> {
    const res = await portal.post(admin, '/api/v1/_test/clock', { now: new Date(clockMs + ms).toISOString() }).expect(200);
    clockMs = Date.parse(res.body.now as string);
  }

  /** Sends a declaration signed as the national system would; `o` spoils one part of the signing. */
  function declare(
    body: object | string,
    o: {
      offsetSeconds?: number;
      timestamp?: number;
      nonce?: string;
      secret?: string;
      signedBody?: string;
      omit?: 'X-Signature' | 'X-Nonce' | 'X-Timestamp';
    } = {},
  ) {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const timestamp = String(o.timestamp ?? Math.floor(clockMs / 1000) + (o.offsetSeconds ?? 0));
    const nonce = o.nonce ?? randomUUID();
    const headers: Record<string, string> = {
      'X-Timestamp': timestamp,
      'X-Nonce': nonce,
      'X-Signature': nationalSignature(o.secret ?? SECRET, timestamp, nonce, o.signedBody ?? raw),
    };
    if (o.omit) delete headers[o.omit];
    return sys.http().post(PATH).set('Content-Type', 'application/json').set(headers).send(raw);
  }

  async function listed(): Promise<{ id: string; projectName: string; status: string }[]> {
    const res = await portal.get(window, '/api/v1/applications?limit=1000').expect(200);
    return res.body.items;
  }

  /** Files a valid declaration and waits until intake lists it: what was sent before it has been handled too. */
  async function sentinel(): Promise<void> {
    const d = aDeclaration();
    const res = await declare(d).expect(202);
    await eventually(async () => (await listed()).some((a) => a.id === res.body.applicationId), 15_000, 'the sentinel declaration at intake');
  }

  it('answers 202 with an applicationId and files the application at the window for the construction unit', async () => {
    const d = aDeclaration();
    const res = await declare(d).expect(202);
    expect(res.body).toEqual({ applicationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const id = res.body.applicationId as string;

    const task = await portal.taskFor(window, id, 'acceptance');
    expect(task.dept).toBe('window');
    const app = await portal.get(window, `/api/v1/applications/${id}`).expect(200);
    expect(app.body).toMatchObject({
      id,
      status: 'submitted',
      channel: 'national',
      licenseType: 'eia_approval',
      subItemCode: 'HB-002-01',
      applicant: { creditCode: d.constructionUnit.creditCode, name: d.constructionUnit.name },
      project: { name: d.projectName, code: d.projectCode, industryCode: 'C3360', location: d.location, investment: 3200, eiaCategory: 'report_table' },
    });
    expect(app.body.materials).toEqual([
      expect.objectContaining({ fileName: '环境影响报告表（报批稿）.pdf', sha256: 'ab'.repeat(32), heldBy: 'national-eia' }),
      expect.objectContaining({ fileName: '建设单位承诺书.pdf', sha256: 'cd'.repeat(32), heldBy: 'national-eia' }),
    ]);
    // the directory in force agrees with the declared category (No. 67 gives report book or report table)
    expect(app.body.classificationCheck).toMatchObject({ declared: 'report_table', agrees: true, catalogVersion: '2021', checkedOn: '2026-03-02' });
    // the enterprise sees it as its own application, without the reviewers' check
    const enterprise = anApplicant({ creditCode: d.constructionUnit.creditCode });
    const own = await portal.get(enterprise, `/api/v1/applications/${id}`).expect(200);
    expect(own.body.classificationCheck).toBeUndefined();
    expect(own.body.project.classificationCheck).toBeUndefined();
  });

  it('sends a declared category the directory never gives the industry to the EIA section: a review task, not filed at once', async () => {
    // a coal mine (No. 6: report book or report table) declared with a registration form
    const d = aDeclaration({ category: 'registration', industryCode: 'B0610' });
    const id = (await declare(d).expect(202)).body.applicationId as string;
    const task = await portal.taskFor(eia, id, 'review');
    expect(task.dept).toBe('eia');
    const app = await portal.get(eia, `/api/v1/applications/${id}`).expect(200);
    expect(app.body).toMatchObject({ subItemCode: 'HB-004-01', status: 'submitted', channel: 'national' });
    expect(app.body.filingNo ?? null).toBeNull();
    expect(app.body.classificationCheck).toEqual({
      declared: 'registration',
      directory: ['report_book', 'report_table', 'exempt'],
      agrees: false,
      rule: expect.stringMatching(
        /^declared registration, but the directory gives report_book or report_table or exempt: directory 2021 No\. 6 \(煤炭开采和洗选业 06 /,
      ),
      catalogVersion: '2021',
      checkedOn: '2026-03-02',
    });
    // not at the window: the section decides first
    const windowTasks = await portal.get(window, '/api/v1/tasks?status=open&limit=1000').expect(200);
    expect(windowTasks.body.items.filter((t: { applicationId: string }) => t.applicationId === id)).toEqual([]);

    // the section confirms the category (a coal washing plant's storage yard only, say): filed now, with its number
    await portal.complete(eia, task.id, 'approve', { comment: '仅为煤炭储存场地改造，类别无误' }).expect(200);
    const filed = await portal.status(eia, id, 'approved');
    expect(filed).toMatchObject({ filingNo: expect.stringMatching(/^BA-2026-\d{6}$/), openTasks: [] });

    // another one the section refuses, with reasons: not accepted, the construction unit declares again
    const wrong = aDeclaration({ category: 'registration', industryCode: 'B0610' });
    const wrongId = (await declare(wrong).expect(202)).body.applicationId as string;
    const wrongTask = await portal.taskFor(eia, wrongId, 'review');
    await portal.complete(eia, wrongTask.id, 'reject', { comment: '煤炭开采应编制环境影响报告书（名录第6项），请重新申报' }).expect(200);
    const refused = await portal.status(eia, wrongId, 'not_accepted');
    expect(refused.filingNo ?? null).toBeNull();

    // the national system is told each status, as for every declaration
    await eventually(
      async () => national.delivered(d.declarationId).length >= 2 && national.delivered(wrong.declarationId).length >= 2,
      20_000,
      'the category review pushes',
    );
    expect(byAt(national.delivered(d.declarationId))).toEqual(['submitted', 'approved']);
    expect(byAt(national.delivered(wrong.declarationId))).toEqual(['submitted', 'not_accepted']);
  });

  it('files an agreeing declaration as before: a registration form for a photovoltaic plant is filed at once', async () => {
    const d = aDeclaration({ category: 'registration', industryCode: 'D4416' });
    const id = (await declare(d).expect(202)).body.applicationId as string;
    const approved = await portal.status(window, id, 'approved');
    expect(approved.classificationCheck).toMatchObject({ agrees: true });
  });

  it('answers the same applicationId for the same declarationId, also when copies arrive at once, and files one application', async () => {
    const d = aDeclaration({ category: 'report_book', industryCode: 'C2221' });
    const first = await declare(d).expect(202);
    const again = await declare(d).expect(202);
    expect(again.body.applicationId).toBe(first.body.applicationId);

    const e = aDeclaration();
    const atOnce = await Promise.all([1, 2, 3].map(() => declare(e)));
    expect(atOnce.map((r) => r.status)).toEqual([202, 202, 202]);
    expect(new Set(atOnce.map((r) => r.body.applicationId)).size).toBe(1);

    await sentinel();
    const apps = await listed();
    expect(apps.filter((a) => a.projectName === d.projectName).map((a) => a.id)).toEqual([first.body.applicationId]);
    expect(apps.filter((a) => a.projectName === e.projectName).map((a) => a.id)).toEqual([atOnce[0].body.applicationId]);
  });

  it('answers 401 to a bad signature, a timestamp more than 300 s off the manual clock or a reused nonce, and stores nothing', async () => {
    const bodies = Array.from({ length: 7 }, () => aDeclaration());
    const rejected = {
      wrongSecret: await declare(bodies[0], { secret: 'not-the-secret' }),
      otherBody: await declare(bodies[1], { signedBody: JSON.stringify(aDeclaration()) }),
      stale: await declare(bodies[2], { offsetSeconds: -301 }),
      future: await declare(bodies[3], { offsetSeconds: 301 }),
      machineTime: await declare(bodies[4], { timestamp: Math.floor(Date.now() / 1000) }),
      unsigned: await declare(bodies[5], { omit: 'X-Signature' }),
      noNonce: await declare(bodies[6], { omit: 'X-Nonce' }),
    };
    for (const [why, res] of Object.entries(rejected)) {
      expect([why, res.status]).toEqual([why, 401]);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    }
    // within the window by a second: accepted
    const late = aDeclaration();
    await declare(late, { offsetSeconds: -299 }).expect(202);

    const nonce = randomUUID();
    const first = aDeclaration();
    await declare(first, { nonce }).expect(202);
    const replay = aDeclaration();
    const replayed = await declare(replay, { nonce });
    expect(replayed.status).toBe(401);
    expect(replayed.body.message).toMatch(/X-Nonce was used before/);
    // the same body again with a fresh nonce is fine: the nonce, not the body, was the problem
    await declare(replay).expect(202);

    await sentinel();
    const names = new Set((await listed()).map((a) => a.projectName));
    expect([late, first, replay].every((d) => names.has(d.projectName))).toBe(true);
    expect(bodies.filter((d) => names.has(d.projectName)).map((d) => d.projectName)).toEqual([]);
  });

  it('answers 400 naming the field to a signed but invalid body, and stores nothing', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [aDeclaration({ constructionUnit: { name: 'X', creditCode: '91350100M000100Y44' } }), /constructionUnit\.creditCode/],
      [aDeclaration({ projectCode: '2017-13-01' }), /projectCode/],
      [aDeclaration({ category: 'exempt' }), /category/],
      [aDeclaration({ documents: [{ name: 'a.pdf', sha256: 'xyz' }] }), /documents\.0\.sha256/],
      [aDeclaration({ investment: -1 }), /investment/],
      [aDeclaration({ industryCode: '33-60' }), /industryCode/],
      [aDeclaration({ declarationId: undefined }), /declarationId/],
      [aDeclaration({ constructionUnit: undefined }), /constructionUnit/],
      [aDeclaration({ unexpected: true }), /property unexpected should not exist/],
    ];
    for (const [body, field] of cases) {
      const res = await declare(body);
      expect([body.projectName, res.status]).toEqual([body.projectName, 400]);
      expect(JSON.stringify(res.body.message)).toMatch(field);
    }
    const malformed = await declare('{"declarationId": ');
    expect(malformed.status).toBe(400);
    for (const raw of ['', '[]', '"x"']) expect([raw, (await declare(raw)).status]).toEqual([raw, 400]);
    const text = JSON.stringify(aDeclaration());
    const signedText = await sys
      .http()
      .post(PATH)
      .set('Content-Type', 'text/plain')
      .set({ 'X-Timestamp': String(Math.floor(clockMs / 1000)), 'X-Nonce': randomUUID() })
      .set('X-Signature', '0'.repeat(64))
      .send(text);
    expect(signedText.status).toBe(400);
    expect(signedText.body.message).toMatch(/Content-Type: application\/json/);

    await sentinel();
    const names = new Set((await listed()).map((a) => a.projectName));
    expect(cases.filter(([b]) => names.has(b.projectName as string))).toEqual([]);
  });

  /** Pushes of a declaration that got a 2xx, each signed, ordered as the national side orders them: by `at`. */
  function byAt(pushes: Push[]): string[] {
    return [...pushes].sort((a, b) => a.at.localeCompare(b.at) || LIFECYCLE.indexOf(a.status) - LIFECYCLE.indexOf(b.status)).map((p) => p.status);
  }

  it('pushes every status change, signed, to the national system, retrying through 500s and a worker restart', async () => {
    const d = aDeclaration();
    national.failNext(d.declarationId, 2);
    const res = await declare(d).expect(202);
    const id = res.body.applicationId as string;

    // the national system is down: the first push fails; the worker that holds the retry dies and comes back
    await eventually(async () => national.refused(d.declarationId).length >= 1, 15_000, 'a refused push');
    await sys.crash('apps/eia-review/src/worker.js');
    // the restarted worker takes the retry up again (its job waited in Redis) and delivers it
    await eventually(async () => national.delivered(d.declarationId).some((p) => p.status === 'submitted'), 45_000, 'the submitted push after the restart');

    await advanceClock(60_000);
    const acceptance = await portal.taskFor(window, id, 'acceptance');
    await portal.complete(window, acceptance.id, 'accept').expect(200);
    const review = await portal.taskFor(eia, id, 'review');
    await advanceClock(60_000);
    await portal.complete(eia, review.id, 'approve').expect(200);
    const assessment = await portal.taskFor(eia, id, 'technical_assessment');
    await advanceClock(60_000);
    // the assessment's "no" is advice: the case goes on to the decision, and only the head's decision denies it
    await portal.complete(eia, assessment.id, 'reject', { comment: 'emissions not credible' }).expect(200);
    const decision = await portal.taskFor(decider, id, 'decision');
    await advanceClock(60_000);
    await portal.complete(decider, decision.id, 'reject', { comment: 'refused: emissions not credible' }).expect(200);
    await portal.status(window, id, 'denied');

    const delivered = await eventually(
      async () => (national.delivered(d.declarationId).length >= 4 ? national.delivered(d.declarationId) : undefined),
      30_000,
      'four delivered pushes',
    );
    expect(national.refused(d.declarationId)).toHaveLength(2);
    expect(byAt(delivered)).toEqual(['submitted', 'accepted', 'in_review', 'denied']);
    const at = Object.fromEntries(delivered.map((p) => [p.status, Date.parse(p.at)]));
    expect(at.submitted).toBeLessThan(at.accepted);
    expect(at.accepted).toBeLessThanOrEqual(at.in_review);
    expect(at.in_review).toBeLessThan(at.denied);
    const all = national.pushes.filter((p) => p.declarationId === d.declarationId);
    expect(all.every((p) => p.signatureValid)).toBe(true);
    expect(new Set(all.map((p) => p.nonce)).size).toBe(all.length);
  });

  it('pushes the window statuses correction_requested and not_accepted', async () => {
    const corrected = aDeclaration({ category: 'report_book', industryCode: 'C2221' });
    const refused = aDeclaration();
    const [a, b] = [(await declare(corrected).expect(202)).body.applicationId as string, (await declare(refused).expect(202)).body.applicationId as string];
    const [ta, tb] = [await portal.taskFor(window, a, 'acceptance'), await portal.taskFor(window, b, 'acceptance')];
    await advanceClock(60_000);
    await portal.complete(window, ta.id, 'request_correction', { corrections: ['NEIA-DOC-01'] }).expect(200);
    await portal.complete(window, tb.id, 'not_accept', { comment: 'declared to the wrong bureau' }).expect(200);
    await portal.status(window, a, 'correction_requested');

    await eventually(
      async () => national.delivered(corrected.declarationId).length >= 2 && national.delivered(refused.declarationId).length >= 2,
      20_000,
      'window pushes',
    );
    expect(byAt(national.delivered(corrected.declarationId))).toEqual(['submitted', 'correction_requested']);
    expect(byAt(national.delivered(refused.declarationId))).toEqual(['submitted', 'not_accepted']);
    expect(national.pushes.filter((p) => [corrected.declarationId, refused.declarationId].includes(p.declarationId)).every((p) => p.signatureValid)).toBe(true);
  });

  it('answers a registration-form declaration at once: approved with a filing number, no task, the approval pushed', async () => {
    const d = aDeclaration({ category: 'registration', industryCode: 'D4416', documents: [{ name: '登记表.pdf', sha256: 'ef'.repeat(32) }] });
    const id = (await declare(d).expect(202)).body.applicationId as string;
    const approved = await portal.status(window, id, 'approved');
    expect(approved).toMatchObject({ subItemCode: 'HB-004-01', filingNo: expect.stringMatching(/^BA-\d{4}-\d{6}$/), openTasks: [], sla: { level: 'green' } });
    const tasks = await portal.get(window, '/api/v1/tasks?status=open&limit=1000').expect(200);
    expect(tasks.body.items.filter((t: { applicationId: string }) => t.applicationId === id)).toEqual([]);
    await eventually(async () => national.delivered(d.declarationId).some((p) => p.status === 'approved'), 20_000, 'the approved push');
  });

  it('runs a re-review (HB-003-01) on its own definition: EIA review, then the decision, on a 10-day clock; no assessment or notices', async () => {
    const applicant = anApplicant();
    const body = await portal.applicationFor(applicant, 'eia_approval', { name: '五年后开工的项目' }, 'renewal');
    expect(body.subItemCode).toBe('HB-003-01');
    const id = (await portal.post(applicant, '/api/v1/applications', body).expect(201)).body.id as string;
    await portal.complete(window, (await portal.taskFor(window, id, 'acceptance')).id, 'accept').expect(200);

    const review = await portal.taskFor(eia, id, 'review');
    expect(review.dept).toBe('eia');
    const diagram = await portal.get(eia, `/api/v1/applications/${id}/diagram`).expect(200);
    expect(diagram.body).toMatchObject({ definitionKey: 'eia_rereview', definitionVersion: 1, currentStepId: 'review' });
    const running = await portal.get(eia, `/api/v1/applications/${id}`).expect(200);
    // accepted Monday 2026-03-02: 10 calendar days to Thursday 03-12; 5 committed to Saturday 03-07, moved to Monday 03-09
    expect(running.body.sla).toMatchObject({
      clock: 'running',
      statutoryLimit: { days: 10, unit: 'calendar' },
      committedLimit: { days: 5, unit: 'calendar' },
      statutoryDeadline: '2026-03-12',
      committedDeadline: '2026-03-09',
    });

    await portal.complete(eia, review.id, 'approve', { comment: '项目周边环境未发生重大变化，原批复继续有效' }).expect(200);
    const decision = await portal.taskFor(decider, id, 'decision');
    expect(decision.dept).toBe('approval');
    await portal.complete(decider, decision.id, 'approve', { comment: '同意' }).expect(200);
    const done = await portal.status(eia, id, 'approved');
    expect(done.sla).toMatchObject({ clock: 'stopped', statutoryDeadline: '2026-03-12' });
    const steps = (await portal.get(eia, `/api/v1/applications/${id}/diagram`).expect(200)).body;
    expect(steps.definitionKey).toBe('eia_rereview');
    // never paused: no technical assessment, no public notice
    expect(JSON.stringify(done.history)).not.toMatch(/technical_assessment|public_notice|countersign/);
  });

  const classify = (body: unknown, auth = anApplicant().auth) =>
    sys
      .http()
      .post('/api/v1/eia/classify')
      .set('Authorization', auth)
      .send(body as object);

  it('classifies by the directory in force on the clock date, naming the row', async () => {
    const paper = await classify({ industryCode: 'C2221', attributes: { industrialBuilding: true, paperKind: 'pulp_or_machine_paper' } }).expect(200);
    expect(paper.body).toMatchObject({ category: 'report_book', catalogVersion: '2021', declaredOn: '2026-03-02' });
    expect(paper.body.rule).toMatch(/^directory 2021 No\. 37 /);

    const solar = await classify({
      industryCode: '4416',
      attributes: { powerKind: 'photovoltaic', householdPv: false, groundMounted: true, installedKw: 100, voltageKv: 0.4 },
    }).expect(200);
    expect(solar.body).toMatchObject({ category: 'registration', catalogVersion: '2021' });
    expect(solar.body.rule).toMatch(/No\. 90 .*其他光伏发电/);

    // a coal mine needs a report book (No. 6); it was once answered "exempt"
    const coal = await classify({ industryCode: 'B0610', attributes: { coalProjectKind: 'mining' } }).expect(200);
    expect(coal.body).toMatchObject({ category: 'report_book', basis: { kind: 'directory_row', rowId: '6' } });
  });

  it('answers exempt with art. 5 for an industry the whole directory does not list, 400 for a code GB/T 4754-2017 does not have', async () => {
    for (const industryCode of ['I6513', 'I6510', '6513']) {
      const res = await classify({ industryCode, attributes: {} }).expect(200);
      expect(res.body).toMatchObject({ category: 'exempt', catalogVersion: '2021', basis: { kind: 'not_in_directory' } });
      expect(res.body.rule).toMatch(/名录第五条：本名录未作规定的建设项目，不纳入建设项目环境影响评价管理$/);
    }
    for (const industryCode of ['9999', 'C6513']) {
      const res = await classify({ industryCode, attributes: {} }).expect(400);
      expect(res.body).toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/^industryCode: ".+" (is not a division, group or class of GB\/T 4754-2017|— 6513 is in section I)/),
      });
    }
    // the 2018 data is partial: an industry it does not cover is said so, never guessed
    const old = await classify({ industryCode: '6513', attributes: {}, declaredOn: '2020-06-01' }).expect(422);
    expect(old.body).toMatchObject({
      code: 'INDUSTRY_NOT_COVERED',
      message: expect.stringMatching(/^the loaded classification directory 2018 does not cover the main project/),
    });
  });

  it('answers the typed questions of an industry in Chinese and English, and names the unanswered ones', async () => {
    const get = (q: string, auth = anApplicant().auth) => sys.http().get(`/api/v1/eia/questions${q}`).set('Authorization', auth);
    const pv = await get('?industryCode=D4416').expect(200);
    expect(pv.body).toEqual(
      expect.arrayContaining([
        {
          name: 'powerKind',
          type: 'enum',
          values: ['onshore_wind', 'photovoltaic', 'geothermal_or_solar_thermal', 'other'],
          question: '4415/4416/4419 的发电方式',
          questionEn: expect.any(String),
        },
        { name: 'installedKw', type: 'number', unit: 'kW', question: '总装机容量（千瓦）', questionEn: 'What is the total installed capacity?' },
        expect.objectContaining({ name: 'sensitiveArea', type: 'boolean' }),
      ]),
    );
    for (const q of pv.body as { name: string; type: string; question: string; questionEn: string }[]) {
      expect(q.question.length).toBeGreaterThan(1);
      expect(q.questionEn).toMatch(/\?$/);
    }
    // a port code: which item first (Nos. 138-145 share 4823)
    const port = await get('?industryCode=E4823').expect(200);
    expect(port.body[0]).toMatchObject({ name: 'projectType', type: 'enum', values: expect.arrayContaining(['fishing_port', 'container_terminal']) });
    expect((await get('?industryCode=I6513').expect(200)).body).toEqual([]);
    await get('?industryCode=9999').expect(400);
    await get('').expect(400);
    await sys.http().get('/api/v1/eia/questions?industryCode=D4416').expect(401);

    const missing = await classify({ industryCode: 'E4823', attributes: {} }).expect(400);
    expect(missing.body).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/^attributes\.projectType: unanswered question projectType /) });
    const answered = await classify({ industryCode: 'E4823', attributes: { projectType: 'container_terminal', inlandPort: true, berthDwt: 5000 } }).expect(200);
    expect(answered.body).toMatchObject({ category: 'report_book', basis: { kind: 'directory_row', rowId: '140' } });
  });

  it('refuses a declaration under an industry code GB/T 4754-2017 does not have (400), and sends one for an exempt industry to the EIA section', async () => {
    const bad = await declare(aDeclaration({ industryCode: '9999' })).expect(400);
    expect(bad.body.message).toMatch(/industryCode: "9999" is not a division, group or class of GB\/T 4754-2017/);
    const software = aDeclaration({ category: 'report_table', industryCode: 'I6513' });
    const id = (await declare(software).expect(202)).body.applicationId as string;
    await portal.taskFor(eia, id, 'review');
    const app = await portal.get(eia, `/api/v1/applications/${id}`).expect(200);
    expect(app.body.classificationCheck).toMatchObject({ declared: 'report_table', directory: ['exempt'], agrees: false });
  });

  it('classifies by the version in force on declaredOn, and answers 422 before the first one', async () => {
    const before = await classify({
      industryCode: '3311',
      attributes: { includesPlating: false, solventCoatingTonnes: 0, assemblyOnly: true },
      declaredOn: '2020-12-31',
    }).expect(200);
    expect(before.body).toMatchObject({ category: 'registration', catalogVersion: '2018', declaredOn: '2020-12-31' });
    const after = await classify({
      industryCode: '3311',
      attributes: { includesPlating: false, solventCoatingTonnes: 0, assemblyOnly: true },
      declaredOn: '2021-01-01',
    }).expect(200);
    expect(after.body).toMatchObject({ category: 'exempt', catalogVersion: '2021', declaredOn: '2021-01-01' });
    const early = await classify({ industryCode: '3311', attributes: {}, declaredOn: '2018-04-27' }).expect(422);
    expect(early.body).toMatchObject({ code: 'NO_DIRECTORY_IN_FORCE', message: expect.stringContaining('2018-04-27') });
    const bad = await classify({ industryCode: '3311', attributes: {}, declaredOn: '2021-02-30' }).expect(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/declaredOn: must be a date written YYYY-MM-DD/);
  });

  it('answers 400 naming the field when the input cannot be classified, 401 without a token', async () => {
    const noCode = await classify({ attributes: {} }).expect(400);
    expect(JSON.stringify(noCode.body.message)).toMatch(/industryCode/);
    const unknown = await classify({ industryCode: 'C2221', attributes: { bogus: 1 } }).expect(400);
    expect(JSON.stringify(unknown.body.message)).toMatch(/attributes\.bogus: unknown attribute/);
    const needs = await classify({ industryCode: '4416', attributes: {} }).expect(400);
    expect(JSON.stringify(needs.body.message)).toMatch(/attributes\.powerKind/);
    const notObject = await classify({ industryCode: 'C2221', attributes: [1] }).expect(400);
    expect(JSON.stringify(notObject.body.message)).toMatch(/attributes/);
    await classify({ industryCode: 'C2221', attributes: {}, extra: 1 }).expect(400);
    await sys.http().post('/api/v1/eia/classify').send({ industryCode: 'C2221' }).expect(401);
  });
});
