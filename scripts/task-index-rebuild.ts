import 'reflect-metadata';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { BaseConfig, exitOnConfigError, loadConfig, MigrateConfig } from '@permits/config';
import { Queues } from '@permits/contracts/jobs';
import { redisConnection } from '@permits/queue';

/** The case services' schemas that feed the task index (migration TaskIndexFeed). */
export const FEEDING_SCHEMAS = ['intake', 'eia_review', 'discharge_permit', 'supervision'];

/**
 * Rebuilds the gateway's task index from the case services' open tasks, through the same path as every change (npm run
 * task-index:rebuild, with the migration runner's admin DATABASE_URL; the services may keep running):
 *  1. notes the database's time;
 *  2. each case service's schema turns its feed on if it is off and republishes every open task (`task_index_enable()`:
 *     one outbox row each, new versions): the first run is the backfill of a deployment that turns the index on;
 *  3. waits until those messages are relayed and applied (no unpublished task-index outbox row, the queue empty);
 *  4. closes every index row that was not refreshed since step 1: no service holds that task open any more.
 * An index that is empty (a new gateway database) or wrong (restored from a backup, a lost message) ends as the services are.
 */
export async function rebuildTaskIndex(
  config: BaseConfig,
  log: (line: string) => void = () => undefined,
  timeoutMs = 30 * 60_000,
): Promise<{ republished: number; closed: number }> {
  const db = new Client({ connectionString: config.DATABASE_URL });
  await db.connect();
  const redis = redisConnection(config.redisTarget());
  const queue = new Queue(Queues.TaskIndex, { connection: redis, prefix: config.REDIS_PREFIX });
  try {
    const { rows: t } = await db.query<{ now: Date }>(`SELECT now() AS now`);
    const floor = t[0].now;
    let republished = 0;
    for (const schema of FEEDING_SCHEMAS) {
      const { rows } = await db.query<{ n: string }>(`SELECT "${schema}"."task_index_enable"() AS n`);
      republished += Number(rows[0].n);
      log(`${schema}: ${rows[0].n} open tasks republished`);
    }
    const until = Date.now() + timeoutMs;
    for (;;) {
      let unpublished = 0;
      for (const schema of FEEDING_SCHEMAS) {
        const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE queue = $1 AND published_at IS NULL`, [
          Queues.TaskIndex,
        ]);
        unpublished += rows[0].n;
      }
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      const queued = Object.values(counts).reduce((a, b) => a + b, 0);
      if (unpublished === 0 && queued === 0) break;
      if (Date.now() > until)
        throw new Error(
          `the task index did not catch up in ${timeoutMs / 1000} s (${unpublished} unpublished, ${queued} queued): is the gateway running with TASK_INDEX_DATABASE_URL?`,
        );
      log(`waiting: ${unpublished} unpublished, ${queued} queued`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const closed = await db.query(`UPDATE task_index.tasks SET open = false, changed_at = now() WHERE open AND changed_at < $1`, [floor]);
    log(`task index rebuilt: ${republished} open tasks, ${closed.rowCount ?? 0} no longer open closed`);
    return { republished, closed: closed.rowCount ?? 0 };
  } finally {
    await queue.close();
    redis.disconnect();
    await db.end();
  }
}

if (require.main === module) {
  const config = exitOnConfigError(() => loadConfig(MigrateConfig));
  rebuildTaskIndex(config, (l) => console.log(l)).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
