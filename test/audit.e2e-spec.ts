import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { aPdf } from '../apps/intake/src/files/testing/samples';
import { canonical } from '../libs/workflow-runtime/src/audit';
import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { anAdmin, anApplicant, anAuditor, aStaff } from './support/users';

jest.setTimeout(300_000); // the system boots in this time too, on a loaded machine

/**
 * The audit chain against an insider with write access to the database: each service's store is tampered
 * with directly (one kind of tampering per service, so each verification names its own) and verification
 * must find it; the anchors a worker writes outside the database find a case deleted with its audit rows.
 */
describe('the audit chain an insider cannot rewrite, and data that does not leak', () => {
  let sys: RunningSystem;
  let portal: Portal;
  let db: Client;
  const window = aStaff('window');
  const auditor = anAuditor();
  const ids: Record<'intake' | 'eia' | 'dp', string> = { intake: '', eia: '', dp: '' };

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'audit', env: { AUDIT_ANCHOR_SECONDS: '1', FILES_QUOTA_FILES: '10' } });
    portal = new Portal(sys);
    db = new Client({ connectionString: sys.dbUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await sys?.stop();
  });

  const service = (port: string) => request(`http://127.0.0.1:${port}`);
  const verifyAt = async (port: string) => (await service(port).get('/api/v1/audit/verify').set('Authorization', auditor.auth).expect(200)).body;
  const ports = () => ({ intake: sys.env.INTAKE_PORT, eia: sys.env.EIA_REVIEW_PORT, dp: sys.env.DISCHARGE_PERMIT_PORT });

  /** Waits until the service's newest anchor has seen the case (or record chain) with all the entries it has now. */
  async function anchored(schema: string, caseId: string): Promise<number> {
    return eventually(
      async () => {
        const [c] = (
          await db.query(`SELECT audit_count FROM ${schema}.cases WHERE id = $1 UNION ALL SELECT audit_count FROM ${schema}.audit_chains WHERE id = $1`, [
            caseId,
          ])
        ).rows;
        const [a] = (await db.query(`SELECT seq, leaves FROM ${schema}.audit_anchors ORDER BY seq DESC LIMIT 1`)).rows;
        const leaf = (a?.leaves as [string, number, string][] | undefined)?.find((l) => l[0] === caseId);
        return c && leaf && leaf[1] === c.audit_count ? (a.seq as number) : undefined;
      },
      20_000,
      `an anchor of ${schema} covering ${caseId}`,
    );
  }

  async function runJob(): Promise<{ status: string; progress: { checked: number; total: number }; result: Record<string, unknown> }> {
    const started = await portal.post(auditor, '/api/v1/audit/verifications').expect(202);
    expect(started.body).toMatchObject({ id: expect.any(String), status: expect.stringMatching(/^(running|done)$/) });
    return eventually(
      async () => {
        const res = await portal.get(auditor, `/api/v1/audit/verifications/${started.body.id}`).expect(200);
        return res.body.status === 'done' ? res.body : undefined;
      },
      20_000,
      'the verification job',
    );
  }

  it("keys every entry (HMAC) and anchors each service's heads into a chained, append-only file", async () => {
    const a1 = anApplicant();
    ids.intake = (await portal.post(a1, '/api/v1/applications', await portal.applicationFor(a1, 'radiation_safety')).expect(201)).body.id;
    for (const [key, licenseType] of [
      ['eia', 'eia_approval'],
      ['dp', 'weee_processing'],
    ] as const) {
      const a = anApplicant();
      const { body } = await portal.post(a, '/api/v1/applications', await portal.applicationFor(a, licenseType)).expect(201);
      await portal.complete(window, (await portal.taskFor(window, body.id, 'acceptance')).id, 'accept').expect(200);
      ids[key] = body.id;
    }
    await eventually(
      async () => (await db.query(`SELECT 1 FROM eia_review.cases WHERE id = $1`, [ids.eia])).rowCount === 1,
      10_000,
      'the EIA case handed over',
    );
    await eventually(
      async () => (await db.query(`SELECT 1 FROM discharge_permit.cases WHERE id = $1`, [ids.dp])).rowCount === 1,
      10_000,
      'the discharge case handed over',
    );

    const algs = (await db.query(`SELECT DISTINCT alg FROM discharge_permit.audit_log`)).rows.map((r) => r.alg);
    expect(algs).toEqual(['hmac-sha256']);
    await anchored('intake', ids.intake);
    await anchored('eia_review', ids.eia);
    await anchored('discharge_permit', ids.dp);

    const [header, ...lines] = readFileSync(join(sys.env.AUDIT_ANCHOR_DIR, 'discharge_permit.anchors.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // the file names the database it belongs to
    const [self] = (
      await db.query(
        `SELECT (SELECT system_identifier::text FROM pg_control_system()) AS system, oid::int AS oid FROM pg_database WHERE datname = current_database()`,
      )
    ).rows;
    expect(header).toMatchObject({ database: self, schema: 'discharge_permit' });
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < lines.length; i++) expect(lines[i].prevHash).toBe(lines[i - 1].hash);
    const [row] = (await db.query(`SELECT root FROM discharge_permit.audit_anchors WHERE seq = $1`, [lines[lines.length - 1].seq])).rows;
    expect(row.root).toBe(lines[lines.length - 1].root);

    expect((await portal.get(auditor, '/api/v1/audit/verify').expect(200)).body).toEqual({ ok: true, entries: expect.any(Number) });
    const job = await runJob();
    expect(job.result).toMatchObject({ ok: true });
    expect(job.progress.checked).toBe(job.progress.total);
    expect(job.progress.total).toBeGreaterThanOrEqual(3);
    await portal.post(anApplicant(), '/api/v1/audit/verifications').expect(403);
  });

  it('keeps the permit register and the published decision in their chains: a row edited in the database shows', async () => {
    const a = anApplicant();
    const { body } = await portal.post(a, '/api/v1/applications', await portal.applicationFor(a, 'discharge_permit')).expect(201);
    await portal.complete(window, (await portal.taskFor(window, body.id, 'acceptance')).id, 'accept').expect(200);
    await portal.approveDischargePermit(body.id);
    await portal.status(a, body.id, 'approved');
    const permitNo: string = (await portal.get(a, '/api/v1/permits').expect(200)).body.items[0].permitNo;
    // the gateway shows the owner's status first; intake's record follows over the queue with the permit number
    const decisionNo = async () =>
      (await db.query(`SELECT decision_no FROM intake.applications WHERE id = $1`, [body.id])).rows[0].decision_no as string | null;
    expect(await eventually(decisionNo, 10_000, "intake's record to carry the decision number")).toBe(permitNo);
    // each change in its record's chain, in the owning service's store
    const actions = async (schema: string, id: string) =>
      (await db.query(`SELECT action FROM ${schema}.audit_log WHERE case_id = $1 ORDER BY case_seq`, [id])).rows.map((r) => r.action);
    expect(await actions('discharge_permit', `permit:${permitNo}`)).toEqual(['issued']);
    expect(await actions('intake', `application:${body.id}`)).toEqual(expect.arrayContaining(['submitted', 'approved']));
    await anchored('discharge_permit', `permit:${permitNo}`);
    expect(await verifyAt(ports().dp)).toMatchObject({ ok: true });
    expect(await verifyAt(ports().intake)).toMatchObject({ ok: true });

    await db.query(`UPDATE discharge_permit.permits SET valid_to = valid_to + 3650 WHERE permit_no = $1`, [permitNo]);
    expect(await verifyAt(ports().dp)).toEqual({ ok: false, brokenAt: `permit:${permitNo}` });
    await db.query(`UPDATE discharge_permit.permits SET valid_to = valid_to - 3650 WHERE permit_no = $1`, [permitNo]);
    await db.query(`UPDATE intake.applications SET decision_no = 'PW-2026-999999' WHERE id = $1`, [body.id]);
    expect(await verifyAt(ports().intake)).toEqual({ ok: false, brokenAt: `application:${body.id}` });
    await db.query(`UPDATE intake.applications SET decision_no = $1 WHERE id = $2`, [permitNo, body.id]);
    expect(await verifyAt(ports().dp)).toMatchObject({ ok: true });
    expect(await verifyAt(ports().intake)).toMatchObject({ ok: true });
  });

  it('never reports a verification someone wrote into the database as ok', async () => {
    for (const schema of ['intake', 'eia_review', 'discharge_permit', 'supervision']) {
      await db.query(
        `INSERT INTO ${schema}.audit_verifications (id, status, total, checked, result, started_at, updated_at, finished_at) VALUES ('forged-e2e', 'done', 1, 1, '{"ok":true,"entries":1}', now(), now(), now() + interval '10 years')`,
      );
    }
    const forged = (await portal.get(auditor, '/api/v1/audit/verifications/forged-e2e').expect(200)).body;
    expect(forged).toMatchObject({ status: 'failed', result: null });
  });

  it('finds an entry edited and its chain recomputed without the key (unkeyed sha256, head and all)', async () => {
    const id = ids.dp;
    const rows = (
      await db.query(`SELECT id, case_id, case_seq, at, actor, action, payload FROM discharge_permit.audit_log WHERE case_id = $1 ORDER BY case_seq`, [id])
    ).rows;
    let prev: string | null = null;
    for (const r of rows) {
      const actor = r.case_seq === 1 ? 'someone-else' : r.actor;
      const entry = { caseId: r.case_id, caseSeq: r.case_seq, at: new Date(r.at).toISOString(), actor, action: r.action, payload: r.payload };
      const hash: string = createHash('sha256')
        .update(prev ?? 'genesis')
        .update('|')
        .update(canonical(entry))
        .digest('hex');
      // as an insider would: also mark the rows as written before keying
      await db.query(`UPDATE discharge_permit.audit_log SET actor = $1, prev_hash = $2, hash = $3, alg = 'sha256' WHERE id = $4`, [actor, prev, hash, r.id]);
      prev = hash;
    }
    await db.query(`UPDATE discharge_permit.cases SET audit_head = $1 WHERE id = $2`, [prev, id]);
    expect(await verifyAt(ports().dp)).toEqual({ ok: false, brokenAt: `${id}#1` });
    expect((await portal.get(anAdmin(), '/api/v1/audit/verify').expect(200)).body).toMatchObject({
      ok: false,
      brokenAt: `${id}#1`,
      service: 'discharge-permit',
    });
  });

  it('finds two entries swapped', async () => {
    const id = ids.eia;
    await db.query(`UPDATE eia_review.audit_log SET case_seq = -case_seq WHERE case_id = $1 AND case_seq IN (1, 2)`, [id]);
    await db.query(`UPDATE eia_review.audit_log SET case_seq = CASE case_seq WHEN -1 THEN 2 ELSE 1 END WHERE case_id = $1 AND case_seq IN (-1, -2)`, [id]);
    const found = await verifyAt(ports().eia);
    expect(found).toEqual({ ok: false, brokenAt: expect.stringMatching(new RegExp(`^${id}#[12]$`)) });
  });

  it('finds a case deleted with all its audit rows, through the anchor that saw it, and keeps finding it in later anchors', async () => {
    const id = ids.intake;
    const seq = await anchored('intake', id);
    expect(await verifyAt(ports().intake)).toMatchObject({ ok: true });
    for (const t of ['audit_log', 'case_history', 'tasks', 'timers']) await db.query(`DELETE FROM intake.${t} WHERE case_id = $1`, [id]);
    await db.query(`DELETE FROM intake.cases WHERE id = $1`, [id]);
    expect(await verifyAt(ports().intake)).toEqual({ ok: false, brokenAt: `case:${id}` });

    // a new case makes the worker anchor again: the deleted case is carried in it, not laundered out
    const a = anApplicant();
    const other = (await portal.post(a, '/api/v1/applications', await portal.applicationFor(a, 'radiation_safety')).expect(201)).body.id;
    expect(await anchored('intake', other)).toBeGreaterThan(seq);
    expect(await verifyAt(ports().intake)).toEqual({ ok: false, brokenAt: `case:${id}` });

    // and rewriting the table's copy of the anchor to drop it shows against the file
    const [last] = (await db.query(`SELECT seq, leaves FROM intake.audit_anchors ORDER BY seq DESC LIMIT 1`)).rows;
    await db.query(`UPDATE intake.audit_anchors SET leaves = $1 WHERE seq = $2`, [
      JSON.stringify((last.leaves as [string][]).filter((l) => l[0] !== id)),
      last.seq,
    ]);
    expect(await verifyAt(ports().intake)).toEqual({ ok: false, brokenAt: `anchor:${last.seq}` });

    const job = await runJob();
    expect(job.result).toMatchObject({ ok: false, service: 'intake', brokenAt: `anchor:${last.seq}` });
  });

  it('answers a database error without its parameters, and logs it without them', async () => {
    const marker = `FORCE-DB-ERROR-${Date.now()}`;
    // a constraint the insert will break: the error PostgreSQL raises names the failing row, values and all
    await db.query(`ALTER TABLE intake.applications ADD CONSTRAINT e2e_forced_error CHECK (project->>'name' NOT LIKE 'FORCE-DB-ERROR%')`);
    try {
      const a = anApplicant();
      const body = await portal.applicationFor(a, 'radiation_safety', { name: marker });
      const from = sys.output.length;
      const res = await portal.post(a, '/api/v1/applications', body);
      expect(res.status).toBe(500);
      const answer = JSON.stringify(res.body);
      expect(answer).not.toContain(marker);
      expect(answer).not.toContain(a.creditCode);
      expect(res.body.correlationId).toEqual(expect.any(String));
      const logged = await eventually(
        async () => {
          const lines = sys.output.slice(from).join('');
          return lines.includes(res.body.correlationId) && lines.includes('e2e_forced_error') ? lines : undefined;
        },
        10_000,
        'the error logged',
      );
      expect(logged).toContain('23514'); // check_violation, by its code
      for (const secret of [marker, a.creditCode, a.id, a.token]) expect(logged).not.toContain(secret);
    } finally {
      await db.query(`ALTER TABLE intake.applications DROP CONSTRAINT e2e_forced_error`);
    }
  });

  it('holds each enterprise to its upload quota (413), a content it already has costs nothing, others are not affected', async () => {
    const a = anApplicant();
    const first = aPdf(`quota 0 ${Date.now()}`);
    await portal.upload(a, first).expect(201);
    for (let i = 1; i < 10; i++) await portal.upload(a, aPdf(`quota ${i} ${Date.now()}`)).expect(201);
    const over = await portal.upload(a, aPdf(`quota 10 ${Date.now()}`)).expect(413);
    expect(over.body).toMatchObject({ statusCode: 413, code: 'QUOTA_EXCEEDED', message: expect.stringContaining('quota') });
    await portal.upload(a, first).expect(200);
    await portal.upload(anApplicant(), aPdf(`quota other ${Date.now()}`)).expect(201);
  });
});
