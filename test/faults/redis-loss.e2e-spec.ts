import { Client } from 'pg';
import { drained } from '../support/drain';
import { Portal } from '../support/portal';
import { PrivateRedis } from '../support/private-redis';
import { eventually, RunningSystem } from '../support/system';
import { aStaff, anApplicant } from '../support/users';

jest.setTimeout(300_000); // the system boots in this time too, on a loaded machine

const DP_WORKER = 'apps/discharge-permit/src/worker.js';

/**
 * Fault 1: Redis restarted empty (no persistence) while handovers wait in it for a worker that is down.
 * The relays notice their epoch key is gone and publish their retention window again; the consumers'
 * inboxes drop what they had already handled. A private redis-server, never the shared one.
 */
describe('Redis loses its data', () => {
  let redis: PrivateRedis;
  let sys: RunningSystem;
  let portal: Portal;
  const window = aStaff('window');
  const pollution = aStaff('pollution');
  const applicant = anApplicant();

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    sys = await RunningSystem.start({ label: 'faults_redis', redisUrl: redis.url });
    portal = new Portal(sys);
  });
  afterAll(async () => {
    await sys?.stop();
    await redis?.stop();
  });

  async function submit(n: number, tag: string): Promise<string[]> {
    const body = await portal.applicationFor(applicant, 'discharge_permit');
    const ids: string[] = [];
    for (let i = 0; i < n; i++)
      ids.push((await portal.post(applicant, '/api/v1/applications', { ...body, project: { ...body.project, name: `${tag} ${i}` } }).expect(201)).body.id);
    return ids;
  }

  async function reviewsOf(ids: string[]) {
    const res = await portal.get(pollution, '/api/v1/tasks?limit=1000').expect(200);
    return (res.body.items as { applicationId: string; kind: string }[]).filter((t) => ids.includes(t.applicationId) && t.kind === 'review');
  }

  async function noticesOf(ids: string[]) {
    const res = await portal.get(pollution, '/api/v1/notifications?limit=1000').expect(200);
    return (res.body.items as { applicationId: string; kind: string }[]).filter((n) => ids.includes(n.applicationId) && n.kind === 'task_assigned');
  }

  async function unpublished(schema: string): Promise<number> {
    const pg = new Client({ connectionString: sys.dbUrl });
    await pg.connect();
    try {
      return (await pg.query(`SELECT count(*)::int AS n FROM ${schema}.outbox WHERE published_at IS NULL`)).rows[0].n;
    } finally {
      await pg.end();
    }
  }

  it('loses no handover accepted while the owner was down and doubles nothing delivered before', async () => {
    // cases delivered before the loss: their handovers and notices are published again and must do nothing
    const before = await submit(2, 'Before');
    for (const id of before) await portal.complete(window, (await portal.taskFor(window, id, 'acceptance')).id, 'accept').expect(200);
    await eventually(async () => (await reviewsOf(before)).length === before.length, 20_000, 'the earlier reviews');
    await eventually(async () => (await noticesOf(before)).length === before.length, 20_000, 'the earlier notices');

    // the owner's worker is down; five cases are accepted and their handovers wait in Redis
    const during = await submit(5, 'During');
    const acceptance = await Promise.all(during.map((id) => portal.taskFor(window, id, 'acceptance')));
    await sys.kill(DP_WORKER);
    for (const t of acceptance) await portal.complete(window, t.id, 'accept').expect(200);
    await eventually(async () => (await unpublished('intake')) === 0, 20_000, 'intake to publish the handovers');

    // Redis restarts with nothing in it; the worker comes back
    await redis.restartEmpty();
    sys.restart(DP_WORKER);

    const all = [...before, ...during];
    await eventually(async () => (await reviewsOf(all)).length >= all.length, 60_000, 'a review task for every case');
    await eventually(async () => (await noticesOf(all)).length >= all.length, 60_000, 'a notice for every review task');
    await drained(sys.dbUrl, redis.url, sys.env.REDIS_PREFIX);

    const reviews = await reviewsOf(all);
    expect(reviews).toHaveLength(all.length);
    expect(new Set(reviews.map((t) => t.applicationId)).size).toBe(all.length);
    expect(await noticesOf(all)).toHaveLength(all.length);
    for (const id of during) expect((await portal.get(applicant, `/api/v1/applications/${id}`).expect(200)).body.status).toBe('in_review');
  });
});
