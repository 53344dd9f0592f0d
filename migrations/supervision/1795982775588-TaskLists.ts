import { MigrationInterface, QueryRunner } from "typeorm";

export class TaskLists1795982775588 implements MigrationInterface {
    name = 'TaskLists1795982775588'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "tasks" ADD "completed_by" text`);
        await queryRunner.query(`CREATE INDEX "tasks_done_by_user" ON "tasks" ("completed_by", "completed_at", "id") WHERE status = 'completed'`);
        await queryRunner.query(`CREATE INDEX "tasks_done_by_dept" ON "tasks" ("dept", "completed_at", "id") WHERE status = 'completed'`);
        await queryRunner.query(`CREATE INDEX "tasks_open_by_assignee_due" ON "tasks" ("assignee", "due_date", "id") WHERE status = 'open'`);
        await queryRunner.query(`CREATE INDEX "tasks_open_by_dept_due" ON "tasks" ("dept", "due_date", "id") WHERE status = 'open'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "supervision"."tasks_open_by_dept_due"`);
        await queryRunner.query(`DROP INDEX "supervision"."tasks_open_by_assignee_due"`);
        await queryRunner.query(`DROP INDEX "supervision"."tasks_done_by_dept"`);
        await queryRunner.query(`DROP INDEX "supervision"."tasks_done_by_user"`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "completed_by"`);
    }

}
