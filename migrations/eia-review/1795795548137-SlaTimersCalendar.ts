import { MigrationInterface, QueryRunner } from "typeorm";

export class SlaTimersCalendar1795795548137 implements MigrationInterface {
    name = 'SlaTimersCalendar1795795548137'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "calendar_years" ("year" integer NOT NULL, "holidays" jsonb NOT NULL, "workdays" jsonb NOT NULL, "source" text NOT NULL, "revision" integer NOT NULL, "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "loaded_by" text NOT NULL, CONSTRAINT "PK_1fed249d26e56ff06bb6dffd8d6" PRIMARY KEY ("year"))`);
        await queryRunner.query(`CREATE TABLE "sla_metrics" ("metric" text NOT NULL, "labels" text NOT NULL, "value" double precision NOT NULL DEFAULT '0', CONSTRAINT "PK_6b2d0e6a596e3b25b0b1d3a53ee" PRIMARY KEY ("metric", "labels"))`);
        await queryRunner.query(`ALTER TABLE "cases" ADD "sla_alerted_level" text NOT NULL DEFAULT 'green'`);
        await queryRunner.query(`ALTER TABLE "cases" ADD "calendar_complete" boolean NOT NULL DEFAULT true`);
        await queryRunner.query(`CREATE INDEX "timers_pending_by_case" ON "timers" ("case_id") WHERE fired_at IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "eia_review"."timers_pending_by_case"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "calendar_complete"`);
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "sla_alerted_level"`);
        await queryRunner.query(`DROP TABLE "sla_metrics"`);
        await queryRunner.query(`DROP TABLE "calendar_years"`);
    }

}
