import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { drained } from '../support/drain';
import { BASE_DB_URL } from '../support/env';
import { RetryingClient } from '../support/load';
import { Portal } from '../support/portal';
import { eventually, RunningSystem } from '../support/system';
import { TcpProxy } from '../support/tcp-proxy';
import { aStaff, anApplicant } from '../support/users';

jest.setTimeout(300_000); // the system boots in this time too, on a loaded machine

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Faults 2 and 5: PostgreSQL goes away (every connection cut, new ones refused for a few seconds, as a restart
 * looks from outside) and the link to it turns slow and breaks, while cases are being filed and accepted.
 * Every process reaches PostgreSQL through a TCP proxy of the test's own; the shared server is never touched.
 */
describe('PostgreSQL restarts, slow and broken links', () => {
  let proxy: TcpProxy;
  let sys: RunningSystem;
  let portal: Portal;
  const window = aStaff('window');
  const pollution = aStaff('pollution');
  const applicant = anApplicant();
  let body: { subItemCode: string; project: Record<string, unknown>; materials: unknown[] };

  beforeAll(async () => {
    proxy = await TcpProxy.toDatabase(BASE_DB_URL);
    sys = await RunningSystem.start({
      label: 'faults_pg',
      databaseVia: (url) => proxy.via(url),
      // a failed message is tried again soon: the catch-up after the fault is seconds, not minutes
      env: { RETRY_BASE_MS: '500', RETRY_CAP_MS: '3000' },
    });
    portal = new Portal(sys);
    body = await portal.applicationFor(applicant, 'discharge_permit');
  });
  afterAll(async () => {
    await sys?.stop();
    await proxy?.stop();
  });

  /** A case filed (Idempotency-Key: sent again after a 503, it is filed once) and accepted at the window. */
  async function fileAndAccept(client: RetryingClient, name: string): Promise<string> {
    const key = randomUUID();
    const filed = await client.send(`file ${name}`, () =>
      portal.post(applicant, '/api/v1/applications', { ...body, project: { ...body.project, name } }).set('Idempotency-Key', key),
    );
    expect([200, 201]).toContain(filed.status);
    const id = filed.body.id as string;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await client.send(`tasks of ${name}`, () => portal.get(window, '/api/v1/tasks?status=open&limit=1000'));
      const task = (res.body.items as { id: string; applicationId: string; kind: string }[] | undefined)?.find(
        (t) => t.applicationId === id && t.kind === 'acceptance',
      );
      if (task) {
        const done = await client.send(`accept ${name}`, () => portal.complete(window, task.id, 'accept'));
        // 409: an earlier attempt was committed but its answer lost with the connection
        expect([200, 409]).toContain(done.status);
        return id;
      }
      if (Date.now() > deadline) throw new Error(`no acceptance task for ${name}`);
      await sleep(200);
    }
  }

  /** `n` cases, one started every `everyMs`, all under way at once. */
  async function load(client: RetryingClient, tag: string, n: number, everyMs: number): Promise<string[]> {
    const runs: Promise<string>[] = [];
    for (let i = 0; i < n; i++) {
      runs.push(fileAndAccept(client, `${tag} ${i}`));
      await sleep(everyMs);
    }
    return Promise.all(runs);
  }

  async function reviewsOf(ids: string[]) {
    const res = await portal.get(pollution, '/api/v1/tasks?limit=1000').expect(200);
    return (res.body.items as { applicationId: string; kind: string }[]).filter((t) => ids.includes(t.applicationId) && t.kind === 'review');
  }

  async function noticesOf(ids: string[]) {
    const res = await portal.get(pollution, '/api/v1/notifications?limit=1000').expect(200);
    return (res.body.items as { applicationId: string; kind: string }[]).filter((n) => ids.includes(n.applicationId) && n.kind === 'task_assigned');
  }

  async function filedWith(tag: string): Promise<number> {
    const pg = new Client({ connectionString: sys.dbUrl });
    await pg.connect();
    try {
      return (await pg.query(`SELECT count(*)::int AS n FROM intake.applications WHERE project->>'name' LIKE $1`, [`${tag} %`])).rows[0].n;
    } finally {
      await pg.end();
    }
  }

  /** Every case handed over once: one review task, one notice, one application per name; nothing left in flight. */
  async function expectEachOnce(tag: string, ids: string[]): Promise<void> {
    await eventually(async () => (await reviewsOf(ids)).length >= ids.length, 60_000, 'a review task for every case');
    await eventually(async () => (await noticesOf(ids)).length >= ids.length, 60_000, 'a notice for every review task');
    await drained(sys.dbUrl, sys.env.REDIS_URL, sys.env.REDIS_PREFIX);
    const reviews = await reviewsOf(ids);
    expect(new Set(reviews.map((t) => t.applicationId)).size).toBe(ids.length);
    expect(reviews).toHaveLength(ids.length);
    expect(await noticesOf(ids)).toHaveLength(ids.length);
    expect(await filedWith(tag)).toBe(ids.length);
    for (const id of ids) expect((await portal.get(applicant, `/api/v1/applications/${id}`).expect(200)).body.status).toBe('in_review');
  }

  it('answers 503 with Retry-After while PostgreSQL restarts, and loses and doubles nothing', async () => {
    const client = new RetryingClient(portal);
    const running = load(client, 'Restart', 16, 250);
    await sleep(1500);
    // the services really reach PostgreSQL through the proxy: their pools hold connections through it (pooled
    // connections opened at boot are reused, so a count of new connections since the load began can stay flat)
    expect(proxy.accepted).toBeGreaterThan(0);
    expect(proxy.connections).toBeGreaterThan(0);
    await proxy.cut();
    await sleep(4000);
    await proxy.resume();
    const ids = await running;

    expect(client.answers.bad).toEqual([]);
    expect(client.answers.unavailable).toBeGreaterThan(0); // the outage was felt by the clients
    await expectEachOnce('Restart', ids);
    // the workers and the relay came back by themselves: no process was restarted
    expect(sys.processes()).toHaveLength(11);
  });

  it('finishes or answers 503 with a code through a slow link that breaks, and loses and doubles nothing', async () => {
    const client = new RetryingClient(portal);
    proxy.setLatency(40);
    let resets = 0;
    let on = true;
    const breaker = (async () => {
      while (on) {
        await sleep(700);
        if (on) resets += proxy.reset(0.3);
      }
    })();
    const ids = await load(client, 'Slow', 12, 300);
    on = false;
    await breaker;
    proxy.setLatency(0);

    expect(resets).toBeGreaterThan(0);
    expect(client.answers.bad).toEqual([]);
    await expectEachOnce('Slow', ids);
  });
});
