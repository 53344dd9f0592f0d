import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The integrity report's facts (libs/workflow-runtime/src/integrity.ts), written by the runtime with each
 * command; read by list and time. Starts empty: facts are recorded from now on. And the open cases by
 * definition version, which each worker looks up at its start to move those of a superseded version.
 */
export class IntegrityEvents1796100000000 implements MigrationInterface {
    name = 'IntegrityEvents1796100000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "integrity_events" ("id" BIGSERIAL NOT NULL, "list" text NOT NULL, "case_id" text NOT NULL, "application_id" text, "user_id" text NOT NULL, "credit_code" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "detail" jsonb NOT NULL, CONSTRAINT "PK_integrity_events" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "integrity_events_by_time" ON "integrity_events" ("list", "at")`);
        await queryRunner.query(`CREATE UNIQUE INDEX "integrity_events_long_pause" ON "integrity_events" ("case_id") WHERE list = 'longPauses'`);
        // the open cases of a superseded definition version, which each worker moves at its start (definition-upgrade.ts)
        await queryRunner.query(`CREATE INDEX "cases_open_by_definition" ON "cases" ("definition_key", "definition_version") WHERE closed_at IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "intake"."cases_open_by_definition"`);
        await queryRunner.query(`DROP INDEX "intake"."integrity_events_long_pause"`);
        await queryRunner.query(`DROP INDEX "intake"."integrity_events_by_time"`);
        await queryRunner.query(`DROP TABLE "integrity_events"`);
    }

}
