import { MigrationInterface, QueryRunner } from "typeorm";

export class TaskListsSearch1795978604020 implements MigrationInterface {
    name = 'TaskListsSearch1795978604020'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "tasks" ADD "completed_by" text`);
        await queryRunner.query(`CREATE INDEX "tasks_done_by_user" ON "tasks" ("completed_by", "completed_at", "id") WHERE status = 'completed'`);
        await queryRunner.query(`CREATE INDEX "tasks_done_by_dept" ON "tasks" ("dept", "completed_at", "id") WHERE status = 'completed'`);
        await queryRunner.query(`CREATE INDEX "tasks_open_by_assignee_due" ON "tasks" ("assignee", "due_date", "id") WHERE status = 'open'`);
        await queryRunner.query(`CREATE INDEX "tasks_open_by_dept_due" ON "tasks" ("dept", "due_date", "id") WHERE status = 'open'`);
        // staff search (API.md "Applications", q): trigrams match any part of a word, Chinese included
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
        await queryRunner.query(`CREATE INDEX "applications_search" ON "applications" USING gin ((lower(coalesce(project->>'name', '') || E'\\n' || coalesce(project->>'code', '') || E'\\n' || applicant_name || E'\\n' || credit_code)) public.gin_trgm_ops)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "intake"."applications_search"`);
        await queryRunner.query(`DROP INDEX "intake"."tasks_open_by_dept_due"`);
        await queryRunner.query(`DROP INDEX "intake"."tasks_open_by_assignee_due"`);
        await queryRunner.query(`DROP INDEX "intake"."tasks_done_by_dept"`);
        await queryRunner.query(`DROP INDEX "intake"."tasks_done_by_user"`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "completed_by"`);
    }

}
