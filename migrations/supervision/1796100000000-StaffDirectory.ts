import { MigrationInterface, QueryRunner } from "typeorm";

/** The staff directory (intake: the master; the other case services: their copy from staff.changed.v1), read by the duty policy. */
export class StaffDirectory1796100000000 implements MigrationInterface {
    name = 'StaffDirectory1796100000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "supervision"."staff_directory" ("user_id" text NOT NULL, "name" text NOT NULL, "dept" text NOT NULL, "roles" text array NOT NULL, "active" boolean NOT NULL, "conflicts" text array NOT NULL, "revision" integer NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "changed_by" text NOT NULL, CONSTRAINT "PK_staff_directory" PRIMARY KEY ("user_id"))`);
        // the policy reads a case's recusals from its history
        await queryRunner.query(`CREATE INDEX "case_history_recused" ON "supervision"."case_history" ("case_id", "actor") WHERE action = 'recused'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "supervision"."case_history_recused"`);
        await queryRunner.query(`DROP TABLE "supervision"."staff_directory"`);
    }

}
