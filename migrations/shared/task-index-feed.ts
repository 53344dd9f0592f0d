import { QueryRunner } from 'typeorm';

/**
 * The feed of the gateway's task index (the inbox read model, issue 26 lever 3), as each case service's migration
 * `TaskIndexFeed` creates it in its schema. Frozen with those migrations: a change is a new migration.
 *
 * - `task_index_version`: a sequence drawn once per message, after the row's lock is held, so two changes of one
 *   task get increasing versions in commit order (the gateway keeps the newest, an older message is ignored).
 * - `task_index_emit(id)`: the task's state now (its row, its case's SLA level, yellow days and licence type) as one
 *   outbox row on queue `task-index`, in the transaction of the change: the relay publishes it (signed), the
 *   gateway's projector applies it once (its inbox). A task that is not open (completed, cancelled) or gone says so.
 * - Triggers on `tasks` (insert, delete, and an update of what the inbox shows) and on `cases` (an update of the
 *   SLA level, yellow days or licence type: each open task of the case again). Rows written by any path are caught,
 *   CaseRuntime's statements included, without it knowing.
 * - `task_index_republish()`: every open task once more, in one statement (the backfill, and the rebuild).
 * - `task_index_feed`: one row, `enabled`, off until the index is turned on: a deployment whose gateway keeps asking the
 *   services (no TASK_INDEX_DATABASE_URL, no task index worker) queues nothing nobody reads. `task_index_enable()` turns
 *   it on and republishes every open task (the backfill; once on, a republish only): `npm run task-index:rebuild` calls
 *   it in every schema.
 */
export async function createTaskIndexFeed(q: QueryRunner, schema: string): Promise<void> {
  const s = `"${schema}"`;
  const state = (where: string) => `
    SELECT jsonb_build_object(
             'taskId', t.id, 'version', nextval('${s}."task_index_version"'), 'open', true,
             'caseId', t.case_id, 'kind', t.kind, 'dept', t.dept, 'assignee', t.assignee,
             'dueDate', t.due_date::text, 'createdAt', to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
             'slaLevel', COALESCE(c.sla_level, 'green'), 'yellowWithinDays', COALESCE(c.yellow_within_days, 2), 'licenseType', c.license_type)
      FROM ${s}."tasks" t LEFT JOIN ${s}."cases" c ON c.id = t.case_id
     WHERE ${where}`;
  const insert = (payload: string) =>
    `INSERT INTO ${s}."outbox" (id, queue, job_name, payload, correlation_id, delay, created_at) SELECT gen_random_uuid(), 'task-index', 'task-index.changed.v1', m, NULL, 0, now() FROM (${payload}) AS x(m)`;
  await q.query(`CREATE SEQUENCE ${s}."task_index_version"`);
  await q.query(`CREATE TABLE ${s}."task_index_feed" ("id" boolean PRIMARY KEY DEFAULT true CHECK ("id"), "enabled" boolean NOT NULL DEFAULT false)`);
  await q.query(`INSERT INTO ${s}."task_index_feed" DEFAULT VALUES`);
  await q.query(`CREATE FUNCTION ${s}."task_index_emit"(task_id text) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM ${s}."tasks" WHERE id = task_id AND status = 'open') THEN
        ${insert(state(`t.id = task_id`))};
      ELSE
        ${insert(`SELECT jsonb_build_object('taskId', task_id, 'version', nextval('${s}."task_index_version"'), 'open', false)`)};
      END IF;
    END $$`);
  await q.query(`CREATE FUNCTION ${s}."task_index_on_task"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT (SELECT enabled FROM ${s}."task_index_feed") THEN RETURN NULL; END IF;
      IF TG_OP = 'DELETE' THEN PERFORM ${s}."task_index_emit"(OLD.id);
      ELSE
        IF TG_OP = 'UPDATE' AND OLD.id <> NEW.id THEN PERFORM ${s}."task_index_emit"(OLD.id); END IF;
        PERFORM ${s}."task_index_emit"(NEW.id);
      END IF;
      RETURN NULL;
    END $$`);
  await q.query(`CREATE FUNCTION ${s}."task_index_on_case"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT (SELECT enabled FROM ${s}."task_index_feed") THEN RETURN NULL; END IF;
      PERFORM ${s}."task_index_emit"(t.id) FROM ${s}."tasks" t WHERE t.case_id = NEW.id AND t.status = 'open';
      RETURN NULL;
    END $$`);
  await q.query(`CREATE TRIGGER "task_index_insert_delete" AFTER INSERT OR DELETE ON ${s}."tasks" FOR EACH ROW EXECUTE FUNCTION ${s}."task_index_on_task"()`);
  await q.query(`CREATE TRIGGER "task_index_update" AFTER UPDATE ON ${s}."tasks" FOR EACH ROW
    WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.status IS DISTINCT FROM NEW.status OR OLD.case_id IS DISTINCT FROM NEW.case_id OR OLD.kind IS DISTINCT FROM NEW.kind
       OR OLD.dept IS DISTINCT FROM NEW.dept OR OLD.assignee IS DISTINCT FROM NEW.assignee OR OLD.due_date IS DISTINCT FROM NEW.due_date
       OR OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION ${s}."task_index_on_task"()`);
  await q.query(`CREATE TRIGGER "task_index_case" AFTER UPDATE ON ${s}."cases" FOR EACH ROW
    WHEN (OLD.sla_level IS DISTINCT FROM NEW.sla_level OR OLD.yellow_within_days IS DISTINCT FROM NEW.yellow_within_days OR OLD.license_type IS DISTINCT FROM NEW.license_type)
    EXECUTE FUNCTION ${s}."task_index_on_case"()`);
  await q.query(`CREATE FUNCTION ${s}."task_index_republish"() RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE n bigint;
    BEGIN
      ${insert(state(`t.status = 'open'`))};
      GET DIAGNOSTICS n = ROW_COUNT;
      RETURN n;
    END $$`);
  await q.query(`CREATE FUNCTION ${s}."task_index_enable"() RETURNS bigint LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT (SELECT enabled FROM ${s}."task_index_feed") THEN
        -- no write of a task or a case between the switch and the republish: one committed before is republished, one
        -- after sees the feed on (writers wait for this transaction; an ops action, once)
        LOCK TABLE ${s}."tasks", ${s}."cases" IN SHARE MODE;
        UPDATE ${s}."task_index_feed" SET enabled = true;
      END IF;
      RETURN ${s}."task_index_republish"();
    END $$`);
  // the service's role draws versions as its statements fire the triggers (ServiceRole's default privileges cover
  // sequences created later by the same admin; granted here too for an admin other than the one that ran it)
  await q.query(`GRANT USAGE, SELECT, UPDATE ON SEQUENCE ${s}."task_index_version" TO "permits_${schema}"`);
  await q.query(`GRANT SELECT ON ${s}."task_index_feed" TO "permits_${schema}"`);
}

export async function dropTaskIndexFeed(q: QueryRunner, schema: string): Promise<void> {
  const s = `"${schema}"`;
  await q.query(`DROP TRIGGER "task_index_case" ON ${s}."cases"`);
  await q.query(`DROP TRIGGER "task_index_update" ON ${s}."tasks"`);
  await q.query(`DROP TRIGGER "task_index_insert_delete" ON ${s}."tasks"`);
  await q.query(`DROP FUNCTION ${s}."task_index_enable"()`);
  await q.query(`DROP FUNCTION ${s}."task_index_republish"()`);
  await q.query(`DROP FUNCTION ${s}."task_index_on_case"()`);
  await q.query(`DROP FUNCTION ${s}."task_index_on_task"()`);
  await q.query(`DROP FUNCTION ${s}."task_index_emit"(text)`);
  await q.query(`DROP TABLE ${s}."task_index_feed"`);
  await q.query(`DROP SEQUENCE ${s}."task_index_version"`);
}
