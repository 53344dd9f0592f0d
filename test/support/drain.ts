import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { QUEUE_NAMES } from '../../libs/contracts/src/jobs';
import { eventually } from './system';

const SCHEMAS = ['intake', 'eia_review', 'discharge_permit', 'notification'];

/** What is still on its way: unpublished outbox rows per schema, waiting/active/delayed jobs per queue. */
export async function inFlight(
  dbUrl: string,
  redisUrl: string,
  prefix: string,
): Promise<{ outbox: number; jobs: number; active: number; detail: Record<string, number> }> {
  const detail: Record<string, number> = {};
  const pg = new Client({ connectionString: dbUrl });
  await pg.connect();
  let outbox = 0;
  try {
    for (const s of SCHEMAS) {
      const { rows } = await pg.query(`SELECT count(*)::int AS n FROM ${s}.outbox WHERE published_at IS NULL`);
      detail[`outbox:${s}`] = rows[0].n;
      outbox += rows[0].n;
    }
  } finally {
    await pg.end();
  }
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  let jobs = 0;
  let active = 0;
  try {
    for (const name of QUEUE_NAMES) {
      const q = new Queue(name, { connection, prefix });
      const c = await q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children', 'delayed');
      // a job scheduler's tick (scheduled work: sweep, anchor, reconcile, prune) is no message on its way: there is always a next one
      const messages = async (state: 'waiting' | 'active' | 'prioritized' | 'waiting-children' | 'delayed') =>
        c[state] > 0 ? (await q.getJobs([state], 0, 1000)).filter((j) => j && j.repeatJobKey === undefined) : [];
      // delayed timer wake-ups far in the future are not in flight; retries of failing messages are
      const delayed = (await messages('delayed')).filter((j) => j.attemptsMade > 0 || j.timestamp + (j.opts.delay ?? 0) < Date.now() + 60_000).length;
      const running = (await messages('active')).length;
      const n = (await messages('waiting')).length + running + (await messages('prioritized')).length + (await messages('waiting-children')).length + delayed;
      detail[`queue:${name}`] = n;
      jobs += n;
      active += running;
      await q.close();
    }
  } finally {
    connection.disconnect();
  }
  return { outbox, jobs, active, detail };
}

/**
 * Waits until every outbox is published and no queue holds a job waiting, running or retrying, twice in a
 * row a short while apart (a consumer's effect may write outbox rows of its own): after this, a duplicate
 * that could come has come.
 */
export async function drained(dbUrl: string, redisUrl: string, prefix: string, timeoutMs = 60_000): Promise<void> {
  let quietSince = 0;
  await eventually(
    async () => {
      const f = await inFlight(dbUrl, redisUrl, prefix);
      if (f.outbox + f.jobs > 0) {
        quietSince = 0;
        return false;
      }
      if (!quietSince) quietSince = Date.now();
      return Date.now() - quietSince >= 500;
    },
    timeoutMs,
    'queues and outboxes to drain',
  );
}
