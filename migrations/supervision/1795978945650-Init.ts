import { MigrationInterface, QueryRunner } from "typeorm";

export class Init1795978945650 implements MigrationInterface {
    name = 'Init1795978945650'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "outbox" ("id" uuid NOT NULL, "queue" text NOT NULL, "job_name" text NOT NULL, "payload" jsonb NOT NULL, "correlation_id" text, "delay" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "outbox_unpublished" ON "outbox" ("created_at") WHERE published_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "inbox" ("message_id" text NOT NULL, "job" text NOT NULL, "handled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bbd15267b116fd3c45f459a65fa" PRIMARY KEY ("message_id"))`);
        await queryRunner.query(`CREATE TABLE "calendar_years" ("year" integer NOT NULL, "holidays" jsonb NOT NULL, "workdays" jsonb NOT NULL, "source" text NOT NULL, "revision" integer NOT NULL, "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "loaded_by" text NOT NULL, CONSTRAINT "PK_1fed249d26e56ff06bb6dffd8d6" PRIMARY KEY ("year"))`);
        await queryRunner.query(`CREATE TABLE "sla_metrics" ("metric" text NOT NULL, "labels" text NOT NULL, "value" double precision NOT NULL DEFAULT '0', CONSTRAINT "PK_6b2d0e6a596e3b25b0b1d3a53ee" PRIMARY KEY ("metric", "labels"))`);
        await queryRunner.query(`CREATE TABLE "cases" ("id" text NOT NULL, "definition_key" text NOT NULL, "definition_version" integer NOT NULL, "license_type" text NOT NULL, "sub_item_code" text NOT NULL, "applicant_credit_code" text NOT NULL, "applicant_user_id" text NOT NULL, "status" text NOT NULL, "state" jsonb NOT NULL, "clock" jsonb, "yellow_within_days" integer NOT NULL DEFAULT '2', "sla_level" text NOT NULL DEFAULT 'green', "due_date" date, "sla_alerted_level" text NOT NULL DEFAULT 'green', "calendar_complete" boolean NOT NULL DEFAULT true, "elapsed_days" integer, "days_saved" integer, "within_committed" boolean, "version" integer NOT NULL, "audit_head" text, "audit_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "cases_open_level" ON "cases" ("sla_level") WHERE closed_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "tasks" ("id" text NOT NULL, "case_id" text NOT NULL, "kind" text NOT NULL, "step_id" text NOT NULL, "dept" text NOT NULL, "assignee" text, "status" text NOT NULL, "outcome" text, "due_date" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "tasks_by_case" ON "tasks" ("case_id") `);
        await queryRunner.query(`CREATE INDEX "tasks_open_by_assignee" ON "tasks" ("assignee", "created_at", "id") WHERE status = 'open'`);
        await queryRunner.query(`CREATE INDEX "tasks_open_by_dept" ON "tasks" ("dept", "created_at", "id") WHERE status = 'open'`);
        await queryRunner.query(`CREATE TABLE "case_history" ("id" BIGSERIAL NOT NULL, "case_id" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" text NOT NULL, "action" text NOT NULL, "detail" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_c3afb6b822ee2a4b1602b33d595" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "case_history_by_case" ON "case_history" ("case_id", "id") `);
        await queryRunner.query(`CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "case_id" text NOT NULL, "case_seq" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" text NOT NULL, "action" text NOT NULL, "payload" jsonb NOT NULL, "prev_hash" text, "hash" text NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "audit_by_case" ON "audit_log" ("case_id", "case_seq") `);
        await queryRunner.query(`CREATE TABLE "timers" ("id" text NOT NULL, "case_id" text NOT NULL, "kind" text NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "fired_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d13ea0d2fe75274ca5a9576aae6" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "timers_pending_by_case" ON "timers" ("case_id") WHERE fired_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "timers_due" ON "timers" ("due_at") WHERE fired_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "regulated_entities" ("credit_code" text NOT NULL, "name" text NOT NULL, "risk_class" text NOT NULL, "risk_class_set_by_staff" boolean NOT NULL DEFAULT false, "online_monitoring" boolean NOT NULL DEFAULT false, "permits" jsonb NOT NULL DEFAULT '{}', "active" boolean NOT NULL, "last_inspected_on" date, "penalty_until" date, "alarm_until" date, "open_violations" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_9eaeb90eb8bad17a4bd0a6b4739" PRIMARY KEY ("credit_code"))`);
        await queryRunner.query(`CREATE TABLE "entity_history" ("id" BIGSERIAL NOT NULL, "credit_code" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" text NOT NULL, "action" text NOT NULL, "detail" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_84d50418b01be2fb4b6f9b0ab49" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "entity_history_by_entity" ON "entity_history" ("credit_code", "id") `);
        await queryRunner.query(`CREATE TABLE "inspectors" ("user_id" text NOT NULL, "name" text NOT NULL, "active" boolean NOT NULL, "conflicts" text array NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1f7f1579d046a87455c2e379ac0" PRIMARY KEY ("user_id"))`);
        await queryRunner.query(`CREATE TABLE "plans" ("id" uuid NOT NULL, "name" text NOT NULL, "period" text NOT NULL, "seed" text NOT NULL, "inputs_hash" text NOT NULL, "algorithm" text NOT NULL, "inputs" jsonb NOT NULL, "result" jsonb NOT NULL, "due_date" date NOT NULL, "drawn_by" text NOT NULL, "drawn_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_3720521a81c7c24fe9b7202ba61" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "plans_by_drawn_at" ON "plans" ("drawn_at", "id") `);
        await queryRunner.query(`CREATE TABLE "checks" ("id" text NOT NULL, "plan_id" uuid NOT NULL, "seq" integer NOT NULL, "credit_code" text NOT NULL, "inspectors" text array NOT NULL, "off_site" boolean NOT NULL, "status" text NOT NULL, "findings" text, "due_date" date NOT NULL, "recorded_by" text, "recorded_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5b78bc7432d3654a701ca5f35e5" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "checks_by_inspector" ON "checks" ("inspectors") `);
        await queryRunner.query(`CREATE INDEX "checks_by_plan" ON "checks" ("plan_id", "seq") `);
        await queryRunner.query(`CREATE TABLE "penalties" ("id" text NOT NULL, "check_id" text NOT NULL, "credit_code" text NOT NULL, "status" text NOT NULL, "decided_on" date, "publish_by" date, "published_at" TIMESTAMP WITH TIME ZONE, "published_by" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c917b09222ad10103d984fc4e7e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "penalties_by_check" ON "penalties" ("check_id") `);
        await queryRunner.query(`CREATE TABLE "monitoring_alarms" ("alarm_id" text NOT NULL, "credit_code" text NOT NULL, "payload" jsonb NOT NULL, "case_id" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d1976e42009e2de4440fe18e037" PRIMARY KEY ("alarm_id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "monitoring_alarms"`);
        await queryRunner.query(`DROP INDEX "supervision"."penalties_by_check"`);
        await queryRunner.query(`DROP TABLE "penalties"`);
        await queryRunner.query(`DROP INDEX "supervision"."checks_by_plan"`);
        await queryRunner.query(`DROP INDEX "supervision"."checks_by_inspector"`);
        await queryRunner.query(`DROP TABLE "checks"`);
        await queryRunner.query(`DROP INDEX "supervision"."plans_by_drawn_at"`);
        await queryRunner.query(`DROP TABLE "plans"`);
        await queryRunner.query(`DROP TABLE "inspectors"`);
        await queryRunner.query(`DROP INDEX "supervision"."entity_history_by_entity"`);
        await queryRunner.query(`DROP TABLE "entity_history"`);
        await queryRunner.query(`DROP TABLE "regulated_entities"`);
        await queryRunner.query(`DROP INDEX "supervision"."timers_due"`);
        await queryRunner.query(`DROP INDEX "supervision"."timers_pending_by_case"`);
        await queryRunner.query(`DROP TABLE "timers"`);
        await queryRunner.query(`DROP INDEX "supervision"."audit_by_case"`);
        await queryRunner.query(`DROP TABLE "audit_log"`);
        await queryRunner.query(`DROP INDEX "supervision"."case_history_by_case"`);
        await queryRunner.query(`DROP TABLE "case_history"`);
        await queryRunner.query(`DROP INDEX "supervision"."tasks_open_by_dept"`);
        await queryRunner.query(`DROP INDEX "supervision"."tasks_open_by_assignee"`);
        await queryRunner.query(`DROP INDEX "supervision"."tasks_by_case"`);
        await queryRunner.query(`DROP TABLE "tasks"`);
        await queryRunner.query(`DROP INDEX "supervision"."cases_open_level"`);
        await queryRunner.query(`DROP TABLE "cases"`);
        await queryRunner.query(`DROP TABLE "sla_metrics"`);
        await queryRunner.query(`DROP TABLE "calendar_years"`);
        await queryRunner.query(`DROP TABLE "inbox"`);
        await queryRunner.query(`DROP INDEX "supervision"."outbox_unpublished"`);
        await queryRunner.query(`DROP TABLE "outbox"`);
    }

}
