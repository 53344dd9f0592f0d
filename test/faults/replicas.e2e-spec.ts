import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { aPdf } from '../../apps/intake/src/files/testing/samples';
import type { Dept } from '../../libs/contracts/src/enums';
import { drained } from '../support/drain';
import { RetryingClient } from '../support/load';
import { Portal } from '../support/portal';
import { eventually, RunningSystem } from '../support/system';
import { aStaff, anAdmin, anApplicant } from '../support/users';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type User = { auth: string };
type Body = { subItemCode: string; project: Record<string, unknown>; materials: unknown[] };

/** How long the SIGKILL loop runs (FAULT_KILL_SECONDS; the chaos script runs it longer). */
const KILL_SECONDS = Number(process.env.FAULT_KILL_SECONDS ?? 60);
/** Cases filed during the loop. */
const KILL_CASES = Number(process.env.FAULT_KILL_CASES ?? 10);

jest.setTimeout(Math.max(300_000, (KILL_SECONDS + 240) * 1000));

/**
 * Two copies of every process (two gateways, two HTTP and two worker processes per service; requests go to the
 * gateways in turn): a case's journey, timers, the relays, the permit numbers; then fault 4, a SIGKILL of a random
 * process every few seconds under load. Every case ends where its commands lead, nothing doubled.
 */
describe('two copies of every process', () => {
  let sys: RunningSystem;
  let portal: Portal;
  let db: Client;
  const window = aStaff('window');
  const admin = anAdmin();
  /** 10:00 in Shanghai on `date`. */
  const at = (date: string) => `${date}T02:00:00.000Z`;

  beforeAll(async () => {
    sys = await RunningSystem.start({
      label: 'faults_replicas',
      replicas: 2,
      clock: 'manual',
      clockStart: at('2026-09-21'),
      env: { RETRY_BASE_MS: '500', RETRY_CAP_MS: '3000' },
    });
    portal = new Portal(sys);
    db = new Client({ connectionString: sys.dbUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await sys?.stop();
  });

  /** A complete discharge-permit application body (materials uploaded), through the retrying client. */
  async function bodyFor(client: RetryingClient, applicant: User): Promise<Body> {
    const sub = await portal.subItem(applicant, 'discharge_permit');
    const materials = [];
    for (const m of sub.materials.filter((x) => x.required)) {
      const up = await client.send(`upload ${m.code}`, () =>
        sys
          .http()
          .post('/api/v1/files')
          .set('Authorization', applicant.auth)
          .attach('file', aPdf(`${m.code} ${randomUUID()}`), { filename: `${m.code}.pdf`, contentType: 'application/pdf' }),
      );
      expect([200, 201]).toContain(up.status);
      materials.push({ code: m.code, fileName: `${m.code}.pdf`, sha256: up.body.sha256 as string });
    }
    return { subItemCode: sub.code, project: { name: `Replicated ${randomUUID().slice(0, 8)}` }, materials };
  }

  async function file(client: RetryingClient, applicant: User, body: Body): Promise<string> {
    const key = randomUUID();
    const res = await client.send('file', () => portal.post(applicant, '/api/v1/applications', body).set('Idempotency-Key', key));
    expect([200, 201]).toContain(res.status);
    return res.body.id as string;
  }

  /** Completes the open task of `kind` of `id` in `user`'s inbox, waiting for it to appear. */
  async function complete(client: RetryingClient, user: User, id: string, kind: string, outcome: string): Promise<void> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const res = await client.send(`${kind} of ${id}`, () => portal.get(user, '/api/v1/tasks?status=open&limit=1000'));
      const task = (res.body.items as { id: string; applicationId: string; kind: string }[] | undefined)?.find(
        (t) => t.applicationId === id && t.kind === kind,
      );
      if (task) {
        const done = await client.send(`complete ${kind} of ${id}`, () => portal.complete(user, task.id, outcome));
        // 409: an earlier attempt was done but its answer lost with a killed process
        expect([200, 409]).toContain(done.status);
        return;
      }
      if (Date.now() > deadline) throw new Error(`no open ${kind} task of ${id} for ${JSON.stringify(user).slice(0, 40)}`);
      await sleep(300);
    }
  }

  /** Acceptance, review, the two-section countersign and the decision, all approved: the case ends approved. */
  async function decide(client: RetryingClient, id: string): Promise<void> {
    await complete(client, window, id, 'acceptance', 'accept');
    await complete(client, aStaff('pollution'), id, 'review', 'approve');
    for (const dept of ['monitoring', 'enforcement'] as Dept[]) await complete(client, aStaff(dept), id, 'countersign', 'approve');
    await complete(client, aStaff('approval', ['head']), id, 'decision', 'approve'); // a head decides
  }

  /** Nothing doubled: no task, permit or notification twice for the same step, message and person. */
  async function expectNothingDoubled(ids: string[]): Promise<void> {
    for (const schema of ['intake', 'discharge_permit']) {
      const tasks = await db.query(
        `SELECT case_id, step_id, dept, count(*)::int AS n FROM ${schema}.tasks WHERE case_id = ANY($1) GROUP BY 1, 2, 3 HAVING count(*) > 1`,
        [ids],
      );
      expect(tasks.rows).toEqual([]);
    }
    const notices = await db.query(
      `SELECT message_id, recipient, kind, count(*)::int AS n FROM notification.notifications WHERE application_id = ANY($1) GROUP BY 1, 2, 3 HAVING count(*) > 1`,
      [ids],
    );
    expect(notices.rows).toEqual([]);
    const permits = await db.query(`SELECT application_id, count(*)::int AS n FROM discharge_permit.permits WHERE application_id = ANY($1) GROUP BY 1`, [ids]);
    expect(permits.rows.filter((r) => r.n !== 1)).toEqual([]);
  }

  it('runs a journey on 2× of everything: timers fire once, one permit number each, nothing doubled', async () => {
    expect(sys.urls).toHaveLength(2);
    expect(sys.processes()).toHaveLength(22);
    const client = new RetryingClient(portal);
    const applicants = Array.from({ length: 5 }, () => anApplicant());
    const ids: string[] = [];
    for (const a of applicants) ids.push(await file(client, a, await bodyFor(client, a)));

    // three decided through both gateways in turn; two left at the window for the acceptance limit to take
    await Promise.all(ids.slice(0, 3).map((id) => decide(client, id)));
    for (const [i, id] of ids.slice(0, 3).entries()) await portal.status(applicants[i], id, 'approved');

    // the clock moves past the acceptance limit: every worker copy sees it, the timer fires once per case
    await portal.post(admin, '/api/v1/_test/clock', { now: at('2026-09-28') }).expect(200);
    for (const id of ids.slice(3))
      await eventually(
        async () => ((await portal.get(admin, `/api/v1/applications/${id}`).expect(200)).body.status === 'in_review' ? true : undefined),
        30_000,
        `${id} deemed accepted`,
      );
    await drained(sys.dbUrl, sys.env.REDIS_URL, sys.env.REDIS_PREFIX);

    for (const id of ids.slice(3)) {
      const view = (await portal.get(admin, `/api/v1/applications/${id}`).expect(200)).body as { history: { action: string; actor: string }[] };
      expect(view.history.filter((h) => h.action === 'acceptance:accept')).toEqual([expect.objectContaining({ actor: 'system:acceptance-limit' })]);
      const reviews = await db.query(`SELECT count(*)::int AS n FROM discharge_permit.tasks WHERE case_id = $1 AND kind = 'review'`, [id]);
      expect(reviews.rows[0].n).toBe(1);
    }
    const permitNos: string[] = [];
    for (const a of applicants.slice(0, 3)) {
      const list = await portal.get(a, '/api/v1/permits').expect(200);
      expect(list.body.items).toHaveLength(1);
      permitNos.push(list.body.items[0].permitNo);
    }
    expect(new Set(permitNos).size).toBe(3);
    await expectNothingDoubled(ids);
    expect(client.answers.bad).toEqual([]);
  });

  it('survives a SIGKILL of a random process every few seconds under load: every case decided, nothing doubled', async () => {
    const client = new RetryingClient(portal);
    client.gatewaysMayDie = true;
    const applicants = Array.from({ length: KILL_CASES }, () => anApplicant());
    const bodies: Body[] = [];
    for (const a of applicants) bodies.push(await bodyFor(client, a));

    const kills: string[] = [];
    let killing = true;
    const killer = (async () => {
      const until = Date.now() + KILL_SECONDS * 1000;
      while (killing && Date.now() < until) {
        await sleep(2000 + Math.random() * 2000);
        const running = sys.processes();
        const victim = running[Math.floor(Math.random() * running.length)].name;
        await sys.killNamed(victim);
        kills.push(victim);
        await sleep(500 + Math.random() * 1500);
        sys.restartNamed(victim);
      }
    })();

    // the cases start one after another while the killer runs, each decided through whatever is alive
    const ids: string[] = [];
    const journeys: Promise<void>[] = [];
    for (const [i, a] of applicants.entries()) {
      const id = await file(client, a, bodies[i]);
      ids.push(id);
      journeys.push(decide(client, id));
      await sleep((KILL_SECONDS * 1000 * 0.6) / KILL_CASES);
    }
    await Promise.all(journeys);
    killing = false;
    await killer;

    expect(kills.length).toBeGreaterThan(3);
    await eventually(async () => sys.processes().length === 22, 30_000, 'every process back');
    for (const [i, id] of ids.entries())
      await eventually(
        async () => ((await portal.get(applicants[i], `/api/v1/applications/${id}`)).body?.status === 'approved' ? true : undefined),
        60_000,
        `${id} approved`,
      );
    await drained(sys.dbUrl, sys.env.REDIS_URL, sys.env.REDIS_PREFIX, 90_000);

    const permitNos: string[] = [];
    for (const a of applicants) {
      const list = await portal.get(a, '/api/v1/permits').expect(200);
      expect(list.body.items).toHaveLength(1);
      permitNos.push(list.body.items[0].permitNo);
    }
    expect(new Set(permitNos).size).toBe(applicants.length);
    await expectNothingDoubled(ids);
    // what the processes logged about a bad answer, to find its cause
    for (const cid of client.answers.bad.flatMap((b) => /correlationId\\?":\\?"([0-9a-f-]{36})/.exec(b)?.[1] ?? []))
      process.stdout.write(sys.output.filter((l) => l.includes(cid)).join(''));
    expect(client.answers.bad).toEqual([]);
    // the figures the chaos script prints
    process.stdout.write(
      `${JSON.stringify({ faults: kills.length, killed: kills, cases: ids.length, lost: 0, doubled: 0, unavailable: client.answers.unavailable, dropped: client.answers.dropped })}\n`,
    );
  });
});
