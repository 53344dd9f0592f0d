import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gateway's task index (the inbox read model, issue 26 lever 3) in schema task_index, with its role
 * permits_task_index (this schema only). One row per task the case services announced: open ones are the inbox,
 * a closed one stays as a tombstone holding its version (an older message that arrives late never reopens it).
 * `inbox` is the projector's exactly-once record (one row per consumed message).
 */
export class TaskIndex1796900000000 implements MigrationInterface {
  name = 'TaskIndex1796900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "task_index"."tasks" (
      "id" text PRIMARY KEY,
      "version" bigint NOT NULL,
      "open" boolean NOT NULL,
      "case_id" text,
      "kind" text,
      "dept" text,
      "assignee" text,
      "due_date" date,
      "created_at" timestamptz,
      "sla_level" text,
      "yellow_within_days" integer,
      "license_type" text,
      "changed_at" timestamptz NOT NULL DEFAULT now())`);
    // the inbox's two index range scans (the department's pool, the person's own), in each order the list takes
    await q.query(`CREATE INDEX "tasks_dept_created" ON "task_index"."tasks" ("dept", "created_at" DESC, "id" DESC) WHERE "open"`);
    await q.query(`CREATE INDEX "tasks_assignee_created" ON "task_index"."tasks" ("assignee", "created_at" DESC, "id" DESC) WHERE "open" AND "assignee" IS NOT NULL`);
    await q.query(`CREATE INDEX "tasks_dept_due" ON "task_index"."tasks" ("dept", "due_date" ASC NULLS LAST, "id" ASC) WHERE "open"`);
    await q.query(`CREATE INDEX "tasks_assignee_due" ON "task_index"."tasks" ("assignee", "due_date" ASC NULLS LAST, "id" ASC) WHERE "open" AND "assignee" IS NOT NULL`);
    await q.query(`CREATE INDEX "tasks_case" ON "task_index"."tasks" ("case_id") WHERE "open"`);
    await q.query(`CREATE TABLE "task_index"."inbox" ("message_id" text PRIMARY KEY, "job" text NOT NULL, "handled_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "inbox_handled" ON "task_index"."inbox" ("handled_at")`);
    // every schema's platform tables: the index sends nothing today, but the worker's backlog gauge reads its outbox
    await q.query(
      `CREATE TABLE "task_index"."outbox" ("id" uuid PRIMARY KEY, "queue" text NOT NULL, "job_name" text NOT NULL, "payload" jsonb NOT NULL, "correlation_id" text, "delay" integer NOT NULL DEFAULT 0, "created_at" timestamptz NOT NULL DEFAULT now(), "published_at" timestamptz)`,
    );
    await q.query(`DO $$ BEGIN CREATE ROLE "permits_task_index" LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
    await q.query(`REVOKE ALL ON SCHEMA "task_index" FROM PUBLIC`);
    await q.query(`GRANT USAGE ON SCHEMA "task_index" TO "permits_task_index"`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "task_index"."tasks", "task_index"."inbox", "task_index"."outbox" TO "permits_task_index"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "task_index"."outbox"`);
    await q.query(`DROP TABLE "task_index"."inbox"`);
    await q.query(`DROP TABLE "task_index"."tasks"`);
  }
}
