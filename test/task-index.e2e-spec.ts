import http from 'node:http';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { rebuildTaskIndex } from '../scripts/task-index-rebuild';
import { REDIS_URL } from './support/env';
import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { anApplicant, aStaff } from './support/users';

jest.setTimeout(300_000); // the system boots in this time too, on a loaded machine

type Task = { id: string; applicationId: string; kind: string; dept: string; assignee: string | null };

/**
 * The gateway's task index (issue 26 lever 3) through the real processes: the open inbox is answered from the index the
 * case services feed (triggers → outbox → queue task-index → the gateway's projector), never from a task someone may
 * not act on, and never from a job nobody of this deployment signed.
 */
describe('the open inbox from the task index', () => {
  let sys: RunningSystem;
  let portal: Portal;
  let db: Client;
  const window = aStaff('window');
  const head = aStaff('approval', ['head']);

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'task-index', taskIndex: true });
    portal = new Portal(sys);
    db = new Client({ connectionString: sys.dbUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await sys?.stop();
  });

  async function accepted(licenseType: string) {
    const applicant = anApplicant();
    const { body } = await portal.post(applicant, '/api/v1/applications', await portal.applicationFor(applicant, licenseType)).expect(201);
    const t = await portal.taskFor(window, body.id, 'acceptance');
    await portal.complete(window, t.id, 'accept').expect(200);
    return { applicant, id: body.id as string };
  }
  const inbox = async (user: { auth: string }, query = ''): Promise<Task[]> =>
    (await portal.get(user, `/api/v1/tasks?status=open&limit=1000${query}`).expect(200)).body.items as Task[];
  const until = <T>(what: string, check: () => Promise<T | undefined | false>) => eventually(check, 10_000, what);

  it('shows a countersign added (加签) in discharge-permit to the added department only, and takes it away when it is done', async () => {
    const { id } = await accepted('weee_processing');
    await portal.approveAll(id, ['solid_waste'], 'review');
    await portal.taskFor(aStaff('pollution'), id, 'countersign');
    await portal.post(head, `/api/v1/applications/${id}/countersign/signers`, { add: ['legal'] }).expect(200);
    const legal = aStaff('legal');
    const added = await until('the added countersign in legal', async () => (await inbox(legal, `&applicationId=${id}`)).find((t) => t.kind === 'countersign'));
    expect(added).toMatchObject({ dept: 'legal', applicationId: id, assignee: null });
    expect(added.id).toMatch(/^dp_/);
    // a department with no part in the case sees none of its tasks (radiation holds nothing here)
    expect(await inbox(aStaff('radiation'), `&applicationId=${id}`)).toEqual([]);
    expect(await inbox(aStaff('monitoring'), `&applicationId=${id}`)).toEqual([]);
    await portal.complete(legal, added.id, 'approve').expect(200);
    await until('the completed countersign gone', async () => !(await inbox(legal, `&applicationId=${id}`)).some((t) => t.id === added.id));
  });

  it('answers exactly what each case service answers for the department (same JSON, same order)', async () => {
    const { id } = await accepted('discharge_permit');
    const pollution = aStaff('pollution');
    const review = await portal.taskFor(pollution, id, 'review');
    // the same list straight from discharge-permit (the owner), once the index holds the task
    const port = sys.env.DISCHARGE_PERMIT_PORT;
    const direct = await new Promise<{ items: Task[] }>((resolve, reject) =>
      http
        .get(`http://127.0.0.1:${port}/api/v1/tasks?status=open&limit=1000&applicationId=${id}`, { headers: { authorization: pollution.auth } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(JSON.parse(text) as { items: Task[] }));
        })
        .on('error', reject),
    );
    expect(direct.items.map((t) => t.id)).toEqual([review.id]);
    expect(await inbox(pollution, `&applicationId=${id}`)).toEqual(direct.items);
    await portal.get(pollution, '/api/v1/tasks?status=open&sort=completedAt').expect(400);
    await portal.get(pollution, '/api/v1/tasks?status=open&cursor=garbage').expect(400);
    await portal.get(anApplicant(), '/api/v1/tasks?status=open').expect(403);
    await portal.get(pollution, '/api/v1/tasks?status=completed').expect(200);
  });

  it("shows a row written straight into a service's tasks table (any path), in its inbox and on the task stream", async () => {
    const officer = aStaff('enforcement');
    const frames: string[] = [];
    const req = http.get(`${sys.url}/api/v1/tasks/stream`, { headers: { authorization: officer.auth } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (c: string) => frames.push(c));
      res.on('error', () => undefined);
    });
    req.on('error', () => undefined);
    try {
      await until('the stream open', async () => frames.join('').includes(': connected'));
      const id = `su_direct-${Date.now()}`;
      await db.query(
        `INSERT INTO supervision.tasks (id, case_id, kind, step_id, dept, assignee, status, created_at) VALUES ($1, 'no-case', 'review', 'review', 'enforcement', NULL, 'open', now())`,
        [id],
      );
      await until('the direct row in the inbox', async () => (await inbox(officer)).some((t) => t.id === id));
      await until('the direct row on the stream', async () => frames.join('').includes(`"id":"${id}"`));
      expect(await inbox(aStaff('legal'))).not.toContainEqual(expect.objectContaining({ id }));
      await db.query(`DELETE FROM supervision.tasks WHERE id = $1`, [id]);
      await until('the deleted row gone', async () => !(await inbox(officer)).some((t) => t.id === id));
    } finally {
      req.destroy();
    }
  });

  it('never makes a task of a job put straight into Redis on queue task-index (no signature)', async () => {
    const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('task-index', { connection, prefix: sys.env.REDIS_PREFIX });
    const forgedId = `dp_forged-${Date.now()}`;
    try {
      const job = await queue.add(
        'task-index.changed.v1',
        {
          taskId: forgedId,
          version: 9_000_000_000,
          open: true,
          caseId: 'c',
          kind: 'review',
          dept: 'legal',
          assignee: null,
          dueDate: null,
          createdAt: new Date().toISOString(),
          slaLevel: 'green',
          yellowWithinDays: 2,
          licenseType: 'pollutant_discharge',
        },
        { jobId: `forged-${Date.now()}` },
      );
      const failed = await until('the forged job refused', async () => (await queue.getJob(job.id!))?.failedReason);
      expect(failed).toMatch(/BAD_SIGNATURE/);
      expect(await inbox(aStaff('legal'))).not.toContainEqual(expect.objectContaining({ id: forgedId }));
      expect((await db.query(`SELECT 1 FROM task_index.tasks WHERE id = $1`, [forgedId])).rowCount).toBe(0);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });

  it('is rebuilt from the services (npm run task-index:rebuild): a lost row comes back, a stale one goes', async () => {
    const { id } = await accepted('discharge_permit');
    const review = await portal.taskFor(aStaff('pollution'), id, 'review');
    await db.query(`DELETE FROM task_index.tasks WHERE id = $1`, [review.id]);
    await db.query(
      `INSERT INTO task_index.tasks (id, version, open, case_id, kind, dept, assignee, created_at, sla_level, yellow_within_days, changed_at)
       VALUES ('dp_stale-${Date.now()}', 1, true, $1, 'review', 'pollution', NULL, now(), 'green', 2, now() - interval '1 hour')`,
      [id],
    );
    expect((await inbox(aStaff('pollution'), `&applicationId=${id}`)).map((t) => t.id)).not.toContain(review.id);
    await rebuildTaskIndex({ ...sys.env, DATABASE_URL: sys.dbUrl, redisTarget: () => REDIS_URL } as never);
    expect((await inbox(aStaff('pollution'), `&applicationId=${id}`)).map((t) => t.id)).toEqual([review.id]);
  });
});
