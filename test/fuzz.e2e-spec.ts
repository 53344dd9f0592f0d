import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { FuzzRequest, operationsOf, Pools, RequestFactory, Role } from './support/fuzz';
import { ROOT } from './support/env';
import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { aStaff, anAdmin, anApplicant, anAuditor } from './support/users';

/**
 * FUZZ_TARGET_URL and FUZZ_TARGET_DB point it at a system already running (signing tokens with the tests'
 * JWT_SECRET, rate limit off) instead of starting one.
 *
 * Property: no request derived from the OpenAPI document, valid or mutated, by any role, answers 5xx; and a batch
 * whose writes were all refused changes nothing in any service's tables. FUZZ_REQUESTS sets the size: a few
 * hundred in `npm test`, 10,000+ in `npm run fuzz` (which writes var/fuzz/last-run.json).
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const BATCH = 20;
const CONCURRENCY = 8;

// a request and its share of the before/after snapshots take ~0.2 s on a loaded 2-core machine
jest.setTimeout(180_000 + REQUESTS * 400);

interface Sent {
  req: FuzzRequest;
  status: number;
}

describe('fuzz: requests derived from the OpenAPI document, through the gateway, by every role', () => {
  let sys: Pick<RunningSystem, 'url' | 'dbUrl' | 'http' | 'stop'>;
  let portal: Portal;
  let db: Client;
  const applicant = anApplicant();
  const other = anApplicant();
  const window = aStaff('window');

  beforeAll(async () => {
    const target = process.env.FUZZ_TARGET_URL;
    sys = target
      ? { url: target, dbUrl: process.env.FUZZ_TARGET_DB ?? '', http: () => request(target), stop: () => Promise.resolve() }
      : await RunningSystem.start({ label: 'fuzz', env: { RATE_LIMIT_PER_MINUTE: '0' } });
    portal = new Portal(sys as RunningSystem);
    db = new Client({ connectionString: sys.dbUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await sys?.stop();
  });

  /** Every row of every service table (not migrations), as counts and a digest per table. */
  async function snapshot(): Promise<Record<string, string>> {
    const { rows: tables } = await db.query<{ s: string; t: string }>(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema IN ('intake','eia_review','discharge_permit','notification') AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY 1, 2`,
    );
    const sql = tables
      .map(
        ({ s, t }) =>
          `SELECT '${s}.${t}' AS name, count(*)::text || ':' || coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') AS v FROM "${s}"."${t}" x`,
      )
      .join(' UNION ALL ');
    const { rows } = await db.query<{ name: string; v: string }>(sql);
    return Object.fromEntries(rows.map((r) => [r.name, r.v]));
  }

  /** A snapshot once the workers have finished what earlier requests set off (two equal reads in a row). */
  async function settled(): Promise<Record<string, string>> {
    let last = await snapshot();
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 150));
      const next = await snapshot();
      if (JSON.stringify(next) === JSON.stringify(last)) return next;
      last = next;
    }
    return last;
  }

  async function send(req: FuzzRequest): Promise<number> {
    const headers: Record<string, string> = { ...req.headers };
    if (req.auth) headers.authorization = req.auth;
    if (req.contentType) headers['content-type'] = req.contentType;
    try {
      const res = await fetch(`${sys.url}${req.url}`, { method: req.method, headers, body: req.body, signal: AbortSignal.timeout(30_000) });
      // a server-sent event stream (GET /api/v1/tasks/stream) answers with its status and headers and then never
      // ends: its status is the answer, the body is not waited for
      if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
        await res.body?.cancel();
        return res.status;
      }
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 599; // a reset or a timeout is a failure of ours as much as a 5xx is
    }
  }

  async function pools(): Promise<Pools> {
    const apps = [];
    for (const lt of ['discharge_permit', 'hazardous_waste']) {
      const body = await portal.applicationFor(applicant, lt);
      apps.push({ body, id: (await portal.post(applicant, '/api/v1/applications', body).expect(201)).body.id as string });
    }
    const task = await portal.taskFor(window, apps[0].id, 'acceptance');
    const notes = await eventually(
      async () => {
        const res = await portal.get(applicant, '/api/v1/notifications').expect(200);
        return res.body.items.length > 0 ? (res.body.items as { id: string }[]) : undefined;
      },
      15_000,
      'a notification',
    ).catch(() => [] as { id: string }[]);
    const catalog = (await portal.get(applicant, '/api/v1/catalog/items').expect(200)).body as {
      subItems: { code: string; materials: { code: string }[] }[];
    }[];
    const body = apps[0].body;
    return {
      ids: {
        id: [...apps.map((a) => a.id), task.id, ...notes.map((n) => n.id), applicant.id, 'window'],
        year: ['2026', '2027', '2030'],
        permitNo: ['PW-2026-000001'],
        type: ['user', 'enterprise', 'dept'],
      },
      strings: {
        subItemCode: catalog.flatMap((i) => i.subItems.map((s) => s.code)).slice(0, 20),
        code: [
          ...body.materials.map((m: { code: string }) => m.code),
          ...catalog.flatMap((i) => i.subItems.flatMap((s) => s.materials.map((m) => m.code))).slice(0, 10),
        ],
        sha256: body.materials.map((m: { sha256: string }) => m.sha256),
        fileName: ['material.pdf'],
        creditCode: [applicant.creditCode, other.creditCode],
        cursor: [Buffer.from(JSON.stringify([new Date().toISOString(), apps[0].id])).toString('base64url')],
        from: ['2026-01-01', '2025-06-30T00:00:00Z'],
        to: ['2027-01-01', '2026-12-31T16:00:00+08:00'],
        now: [new Date(Date.now() + 86_400_000).toISOString()],
        'Idempotency-Key': ['fuzz-key-1', 'fuzz-key-2'],
      },
    };
  }

  it(`answers no request with a 5xx and lets refused requests change nothing (${REQUESTS} requests)`, async () => {
    const doc = (await sys.http().get('/docs-json').expect(200)).body;
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(30);
    const roles: Role[] = [
      { name: 'applicant', auth: applicant.auth },
      { name: 'applicant (other enterprise)', auth: other.auth },
      { name: 'officer window', auth: window.auth },
      { name: 'officer eia', auth: aStaff('eia').auth },
      { name: 'officer pollution', auth: aStaff('pollution').auth },
      { name: 'officer legal', auth: aStaff('legal').auth },
      { name: 'head', auth: aStaff('approval', ['head']).auth },
      { name: 'admin', auth: anAdmin().auth },
      { name: 'auditor', auth: anAuditor().auth },
      { name: 'no token' },
      { name: 'bad token', auth: 'Bearer not.a.token' },
    ];
    const factory = new RequestFactory(doc, await pools(), roles);
    const anyRequest = fc.oneof(...ops.map((op) => factory.request(op)));
    // every operation at least once, valid and mutated, before the random batches
    const coverage = ops.flatMap((op) => fc.sample(factory.request(op), { numRuns: 6, seed: SEED }));
    const batches: FuzzRequest[][] = [];
    for (let i = 0; i < coverage.length; i += BATCH) batches.push(coverage.slice(i, i + BATCH));

    const sent: Sent[] = [];
    const failures: { req: FuzzRequest; status: number; why: string }[] = [];
    let verifiedRefused = 0;
    let unverifiedBatches = 0;
    const started = Date.now();
    const runBatch = async (batch: FuzzRequest[]) => {
      const before = await settled();
      const statuses: number[] = new Array(batch.length);
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < batch.length) {
            const i = next++;
            statuses[i] = await send(batch[i]);
          }
        }),
      );
      batch.forEach((req, i) => sent.push({ req, status: statuses[i] }));
      const fivexx = batch.map((req, i) => ({ req, status: statuses[i] })).filter((x) => x.status >= 500);
      for (const f of fivexx) failures.push({ ...f, why: '5xx' });
      const accepted = batch.some((req, i) => req.method !== 'GET' && statuses[i] < 400);
      if (!accepted) {
        const after = await settled();
        const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
        if (changed.length > 0) failures.push({ req: batch[0], status: 0, why: `refused batch changed ${changed.join(', ')}` });
        else verifiedRefused += batch.filter((r) => r.method !== 'GET').length;
      } else unverifiedBatches++;
    };
    for (const batch of batches) await runBatch(batch);
    // the property: every failure is collected (not only the first), so one full run lists them all
    await fc.assert(
      fc.asyncProperty(fc.array(anyRequest, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await runBatch(batch);
        return true;
      }),
      { numRuns: Math.max(1, Math.ceil((REQUESTS - coverage.length) / BATCH)), seed: SEED },
    );

    const byStatus: Record<string, number> = {};
    for (const s of sent) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
    const summary = {
      seed: SEED,
      requests: sent.length,
      mutated: sent.filter((s) => s.req.mutated).length,
      operations: new Set(sent.map((s) => s.req.op)).size,
      operationsInDocument: ops.length,
      roles: new Set(sent.map((s) => s.req.role)).size,
      byStatus,
      fivexx: sent.filter((s) => s.status >= 500).length,
      refusedWritesVerifiedUnchanged: verifiedRefused,
      batchesWithAcceptedWrites: unverifiedBatches,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    if (process.env.FUZZ_REPORT) {
      mkdirSync(join(ROOT, 'var', 'fuzz'), { recursive: true });
      writeFileSync(join(ROOT, 'var', 'fuzz', 'last-run.json'), `${JSON.stringify({ ...summary, failures: failures.slice(0, 50) }, null, 2)}\n`);
    }
    process.stdout.write(`fuzz: ${JSON.stringify(summary)}\n`);
    expect(
      failures.map(
        (f) => `${f.why} ${f.status} ${f.req.role} ${f.req.method} ${f.req.url.slice(0, 200)} ${f.req.contentType ?? ''} ${(f.req.body ?? '').slice(0, 300)}`,
      ),
    ).toEqual([]);
    expect(summary.operations).toBe(ops.length);
  });
});
