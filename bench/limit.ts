import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { round, summary } from './support/stats';

export interface LimitResult {
  concurrency: number;
  seconds: number;
  transactions: number;
  txPerSecond: number;
  /** version-check misses (none expected: each connection owns its own cases) */
  conflicts: number;
  latencyMs: ReturnType<typeof summary>;
  statement: string;
}

const SCHEMA = 'bench_limit';

/**
 * The ceiling PostgreSQL sets for one workflow transition on this machine: a transaction that updates a
 * case row under a version check (its engine state, a jsonb of the real size), appends a history row and
 * an outbox row, over tables shaped like the runtime's, in a scratch schema. Run with `concurrency`
 * connections for `seconds`; each connection works on cases of its own, so no transaction waits on a lock.
 */
export async function measureLimit(
  dbUrl: string,
  o: { concurrency: number; seconds: number; stateJson: string; casesPerConnection?: number },
): Promise<LimitResult> {
  const pool = new Pool({ connectionString: dbUrl, max: o.concurrency + 1 });
  const perConn = o.casesPerConnection ?? 50;
  try {
    await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await pool.query(`CREATE SCHEMA ${SCHEMA}`);
    await pool.query(`CREATE TABLE ${SCHEMA}.cases (LIKE discharge_permit.cases INCLUDING ALL)`);
    await pool.query(`CREATE TABLE ${SCHEMA}.case_history (LIKE discharge_permit.case_history INCLUDING ALL)`);
    await pool.query(`CREATE TABLE ${SCHEMA}.outbox (LIKE discharge_permit.outbox INCLUDING ALL)`);
    // LIKE copies the history id's default, which still draws on discharge_permit's sequence: give it its own
    await pool.query(`CREATE SEQUENCE ${SCHEMA}.history_id`);
    await pool.query(`ALTER TABLE ${SCHEMA}.case_history ALTER COLUMN id SET DEFAULT nextval('${SCHEMA}.history_id')`);
    const total = o.concurrency * perConn;
    await pool.query(
      `INSERT INTO ${SCHEMA}.cases (id, definition_key, definition_version, license_type, sub_item_code, applicant_credit_code, applicant_user_id, status, state, clock, version, updated_at)
       SELECT 'limit-' || i, 'discharge_permit', 1, 'discharge_permit', 'HB-005-01', '91150102MA0000000X', 'u', 'in_review', $1::jsonb, '{"status":"running"}'::jsonb, 0, now()
         FROM generate_series(1, $2) i`,
      [o.stateJson, total],
    );
    await pool.query(`ANALYZE ${SCHEMA}.cases`);

    const latencies: number[] = [];
    let conflicts = 0;
    let transactions = 0;
    const stopAt = Date.now() + o.seconds * 1000;
    const worker = async (k: number) => {
      const client: PoolClient = await pool.connect();
      const versions = new Map<string, number>();
      try {
        let n = 0;
        while (Date.now() < stopAt) {
          const id = `limit-${k * perConn + (n++ % perConn) + 1}`;
          const version = versions.get(id) ?? 0;
          const t = performance.now();
          await client.query('BEGIN');
          const upd = await client.query(
            `UPDATE ${SCHEMA}.cases SET state = $1::jsonb, status = 'in_review', version = version + 1, updated_at = now() WHERE id = $2 AND version = $3`,
            [o.stateJson, id, version],
          );
          if (upd.rowCount !== 1) {
            conflicts++;
            await client.query('ROLLBACK');
            const { rows } = await client.query(`SELECT version FROM ${SCHEMA}.cases WHERE id = $1`, [id]);
            versions.set(id, rows[0].version as number);
            continue;
          }
          await client.query(
            `INSERT INTO ${SCHEMA}.case_history (case_id, at, actor, action, detail) VALUES ($1, now(), 'bench', 'review:approve', $2::jsonb)`,
            [id, JSON.stringify({ taskId: `dp_${randomUUID()}`, comment: null })],
          );
          await client.query(
            `INSERT INTO ${SCHEMA}.outbox (id, queue, job_name, payload, correlation_id) VALUES ($1, 'intake', 'case.status-changed.v1', $2::jsonb, $3)`,
            [randomUUID(), JSON.stringify({ applicationId: id, status: 'in_review', at: new Date().toISOString(), correlationId: randomUUID() }), randomUUID()],
          );
          await client.query('COMMIT');
          versions.set(id, version + 1);
          latencies.push(performance.now() - t);
          transactions++;
        }
      } finally {
        client.release();
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: o.concurrency }, (_, k) => worker(k)));
    const seconds = (performance.now() - started) / 1000;
    return {
      concurrency: o.concurrency,
      seconds: round(seconds, 2),
      transactions,
      txPerSecond: round(transactions / seconds),
      conflicts,
      latencyMs: summary(latencies),
      statement: 'BEGIN; UPDATE cases SET state, status, version+1 WHERE id AND version; INSERT case_history; INSERT outbox; COMMIT',
    };
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
    await pool.end();
  }
}
