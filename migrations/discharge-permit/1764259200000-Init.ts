import { MigrationInterface, QueryRunner } from "typeorm";

export class Init1764259200000 implements MigrationInterface {
    name = 'Init1764259200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "discharge_permit"."outbox" ("id" uuid NOT NULL, "queue" text NOT NULL, "job_name" text NOT NULL, "payload" jsonb NOT NULL, "correlation_id" text, "delay" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "outbox_unpublished" ON "discharge_permit"."outbox" ("created_at") WHERE published_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "discharge_permit"."inbox" ("message_id" text NOT NULL, "job" text NOT NULL, "handled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bbd15267b116fd3c45f459a65fa" PRIMARY KEY ("message_id"))`);
        await queryRunner.query(`CREATE TABLE "discharge_permit"."cases" ("id" text NOT NULL, "definition_key" text NOT NULL, "definition_version" integer NOT NULL, "license_type" text NOT NULL, "sub_item_code" text NOT NULL, "applicant_credit_code" text NOT NULL, "applicant_user_id" text NOT NULL, "status" text NOT NULL, "state" jsonb NOT NULL, "clock" jsonb, "yellow_within_days" integer NOT NULL DEFAULT '2', "sla_level" text NOT NULL DEFAULT 'green', "due_date" date, "elapsed_days" integer, "days_saved" integer, "within_committed" boolean, "version" integer NOT NULL, "audit_head" text, "audit_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "cases_open_level" ON "discharge_permit"."cases" ("sla_level") WHERE closed_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "discharge_permit"."tasks" ("id" text NOT NULL, "case_id" text NOT NULL, "kind" text NOT NULL, "step_id" text NOT NULL, "dept" text NOT NULL, "assignee" text, "status" text NOT NULL, "outcome" text, "due_date" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "tasks_by_case" ON "discharge_permit"."tasks" ("case_id") `);
        await queryRunner.query(`CREATE INDEX "tasks_open_by_assignee" ON "discharge_permit"."tasks" ("assignee", "created_at", "id") WHERE status = 'open'`);
        await queryRunner.query(`CREATE INDEX "tasks_open_by_dept" ON "discharge_permit"."tasks" ("dept", "created_at", "id") WHERE status = 'open'`);
        await queryRunner.query(`CREATE TABLE "discharge_permit"."case_history" ("id" BIGSERIAL NOT NULL, "case_id" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" text NOT NULL, "action" text NOT NULL, "detail" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_c3afb6b822ee2a4b1602b33d595" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "case_history_by_case" ON "discharge_permit"."case_history" ("case_id", "id") `);
        await queryRunner.query(`CREATE TABLE "discharge_permit"."audit_log" ("id" BIGSERIAL NOT NULL, "case_id" text NOT NULL, "case_seq" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" text NOT NULL, "action" text NOT NULL, "payload" jsonb NOT NULL, "prev_hash" text, "hash" text NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "audit_by_case" ON "discharge_permit"."audit_log" ("case_id", "case_seq") `);
        await queryRunner.query(`CREATE TABLE "discharge_permit"."timers" ("id" text NOT NULL, "case_id" text NOT NULL, "kind" text NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "fired_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d13ea0d2fe75274ca5a9576aae6" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "timers_due" ON "discharge_permit"."timers" ("due_at") WHERE fired_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "discharge_permit"."permits" ("permit_no" text NOT NULL, "application_id" text NOT NULL, "license_type" text NOT NULL, "credit_code" text NOT NULL, "holder_name" text NOT NULL, "management_category" text, "valid_from" date NOT NULL, "valid_to" date NOT NULL, "status" text NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d6454872d5feb5295a40b4636c8" PRIMARY KEY ("permit_no"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "permits_by_case" ON "discharge_permit"."permits" ("application_id") `);
        await queryRunner.query(`CREATE INDEX "permits_by_holder" ON "discharge_permit"."permits" ("credit_code", "issued_at") `);
        await queryRunner.query(`CREATE TABLE "discharge_permit"."permit_number_series" ("series" text NOT NULL, "year" integer NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "PK_15cc674fce67b0af0999f30b568" PRIMARY KEY ("series", "year"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "discharge_permit"."permit_number_series"`);
        await queryRunner.query(`DROP INDEX "discharge_permit"."permits_by_holder"`);
        await queryRunner.query(`DROP INDEX "discharge_permit"."permits_by_case"`);
        await queryRunner.query(`DROP TABLE "discharge_permit"."permits"`);
        await queryRunner.query(`DROP INDEX "discharge_permit"."timers_due"`);
        await queryRunner.query(`DROP TABLE "discharge_permit"."timers"`);
        await queryRunner.query(`DROP INDEX "discharge_permit"."audit_by_case"`);
        await queryRunner.query(`DROP TABLE "discharge_permit"."audit_log"`);
        await queryRunner.query(`DROP INDEX "discharge_permit"."case_history_by_case"`);
        await queryRunner.query(`DROP TABLE "discharge_permit"."case_history"`);
        await queryRunner.query(`DROP INDEX "discharge_permit"."tasks_open_by_dept"`);
        await queryRunner.query(`DROP INDEX "discharge_permit"."tasks_open_by_assignee"`);
        await queryRunner.query(`DROP INDEX "discharge_permit"."tasks_by_case"`);
        await queryRunner.query(`DROP TABLE "discharge_permit"."tasks"`);
        await queryRunner.query(`DROP INDEX "discharge_permit"."cases_open_level"`);
        await queryRunner.query(`DROP TABLE "discharge_permit"."cases"`);
        await queryRunner.query(`DROP TABLE "discharge_permit"."inbox"`);
        await queryRunner.query(`DROP INDEX "discharge_permit"."outbox_unpublished"`);
        await queryRunner.query(`DROP TABLE "discharge_permit"."outbox"`);
    }

}
