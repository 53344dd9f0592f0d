import { MigrationInterface, QueryRunner } from "typeorm";

export class Init1764259200000 implements MigrationInterface {
    name = 'Init1764259200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "intake"."outbox" ("id" uuid NOT NULL, "queue" text NOT NULL, "job_name" text NOT NULL, "payload" jsonb NOT NULL, "correlation_id" text, "delay" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "outbox_unpublished" ON "intake"."outbox" ("created_at") WHERE published_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "intake"."inbox" ("message_id" text NOT NULL, "job" text NOT NULL, "handled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bbd15267b116fd3c45f459a65fa" PRIMARY KEY ("message_id"))`);
        await queryRunner.query(`CREATE TABLE "intake"."cases" ("id" text NOT NULL, "definition_key" text NOT NULL, "definition_version" integer NOT NULL, "license_type" text NOT NULL, "sub_item_code" text NOT NULL, "applicant_credit_code" text NOT NULL, "applicant_user_id" text NOT NULL, "status" text NOT NULL, "state" jsonb NOT NULL, "clock" jsonb, "yellow_within_days" integer NOT NULL DEFAULT '2', "sla_level" text NOT NULL DEFAULT 'green', "due_date" date, "elapsed_days" integer, "days_saved" integer, "within_committed" boolean, "version" integer NOT NULL, "audit_head" text, "audit_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "cases_open_level" ON "intake"."cases" ("sla_level") WHERE closed_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "intake"."tasks" ("id" text NOT NULL, "case_id" text NOT NULL, "kind" text NOT NULL, "step_id" text NOT NULL, "dept" text NOT NULL, "assignee" text, "status" text NOT NULL, "outcome" text, "due_date" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "tasks_by_case" ON "intake"."tasks" ("case_id") `);
        await queryRunner.query(`CREATE INDEX "tasks_open_by_assignee" ON "intake"."tasks" ("assignee", "created_at", "id") WHERE status = 'open'`);
        await queryRunner.query(`CREATE INDEX "tasks_open_by_dept" ON "intake"."tasks" ("dept", "created_at", "id") WHERE status = 'open'`);
        await queryRunner.query(`CREATE TABLE "intake"."case_history" ("id" BIGSERIAL NOT NULL, "case_id" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" text NOT NULL, "action" text NOT NULL, "detail" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_c3afb6b822ee2a4b1602b33d595" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "case_history_by_case" ON "intake"."case_history" ("case_id", "id") `);
        await queryRunner.query(`CREATE TABLE "intake"."audit_log" ("id" BIGSERIAL NOT NULL, "case_id" text NOT NULL, "case_seq" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" text NOT NULL, "action" text NOT NULL, "payload" jsonb NOT NULL, "prev_hash" text, "hash" text NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "audit_by_case" ON "intake"."audit_log" ("case_id", "case_seq") `);
        await queryRunner.query(`CREATE TABLE "intake"."timers" ("id" text NOT NULL, "case_id" text NOT NULL, "kind" text NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "fired_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d13ea0d2fe75274ca5a9576aae6" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "timers_due" ON "intake"."timers" ("due_at") WHERE fired_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "intake"."applications" ("id" text NOT NULL, "credit_code" text NOT NULL, "applicant_name" text NOT NULL, "applicant_user_id" text NOT NULL, "sub_item_code" text NOT NULL, "license_type" text NOT NULL, "project" jsonb NOT NULL, "materials" jsonb NOT NULL, "status" text NOT NULL, "owner" text NOT NULL, "channel" text NOT NULL DEFAULT 'portal', "idempotency_key" text, "fingerprint" text, "received_on" date NOT NULL, "accepted_on" date, "decided_at" TIMESTAMP WITH TIME ZONE, "elapsed_days" integer, "days_saved" integer, "within_committed" boolean, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_938c0a27255637bde919591888f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "applications_idempotency" ON "intake"."applications" ("credit_code", "idempotency_key") WHERE idempotency_key IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "applications_by_created" ON "intake"."applications" ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "applications_by_applicant" ON "intake"."applications" ("credit_code", "created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "intake"."catalog_items" ("code" text NOT NULL, "name" text NOT NULL, "name_en" text, "license_type" text NOT NULL, "position" integer NOT NULL, "catalog_version" text NOT NULL, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_00695fed17e160295e5c90b63d7" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE TABLE "intake"."catalog_sub_items" ("code" text NOT NULL, "item_code" text NOT NULL, "name" text NOT NULL, "name_en" text, "kind" text NOT NULL, "statutory_limit" jsonb NOT NULL, "committed_limit" jsonb NOT NULL, "acceptance_limit" jsonb NOT NULL, "fully_online" boolean NOT NULL, "yellow_within_days" integer NOT NULL DEFAULT '2', "materials" jsonb NOT NULL, "extra" jsonb NOT NULL DEFAULT '{}', "position" integer NOT NULL, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_b18b4ed6166a0fa1a8262237de2" PRIMARY KEY ("code"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "intake"."catalog_sub_items"`);
        await queryRunner.query(`DROP TABLE "intake"."catalog_items"`);
        await queryRunner.query(`DROP INDEX "intake"."applications_by_applicant"`);
        await queryRunner.query(`DROP INDEX "intake"."applications_by_created"`);
        await queryRunner.query(`DROP INDEX "intake"."applications_idempotency"`);
        await queryRunner.query(`DROP TABLE "intake"."applications"`);
        await queryRunner.query(`DROP INDEX "intake"."timers_due"`);
        await queryRunner.query(`DROP TABLE "intake"."timers"`);
        await queryRunner.query(`DROP INDEX "intake"."audit_by_case"`);
        await queryRunner.query(`DROP TABLE "intake"."audit_log"`);
        await queryRunner.query(`DROP INDEX "intake"."case_history_by_case"`);
        await queryRunner.query(`DROP TABLE "intake"."case_history"`);
        await queryRunner.query(`DROP INDEX "intake"."tasks_open_by_dept"`);
        await queryRunner.query(`DROP INDEX "intake"."tasks_open_by_assignee"`);
        await queryRunner.query(`DROP INDEX "intake"."tasks_by_case"`);
        await queryRunner.query(`DROP TABLE "intake"."tasks"`);
        await queryRunner.query(`DROP INDEX "intake"."cases_open_level"`);
        await queryRunner.query(`DROP TABLE "intake"."cases"`);
        await queryRunner.query(`DROP TABLE "intake"."inbox"`);
        await queryRunner.query(`DROP INDEX "intake"."outbox_unpublished"`);
        await queryRunner.query(`DROP TABLE "intake"."outbox"`);
    }

}
