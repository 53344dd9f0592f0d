import { MigrationInterface, QueryRunner } from "typeorm";

/** The staff directory (intake: the master; the other case services: their copy from staff.changed.v1), read by the duty policy. */
export class StaffDirectory1796100000000 implements MigrationInterface {
    name = 'StaffDirectory1796100000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "intake"."staff_directory" ("user_id" text NOT NULL, "name" text NOT NULL, "dept" text NOT NULL, "roles" text array NOT NULL, "active" boolean NOT NULL, "conflicts" text array NOT NULL, "revision" integer NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "changed_by" text NOT NULL, CONSTRAINT "PK_staff_directory" PRIMARY KEY ("user_id"))`);
        await queryRunner.query(`CREATE TABLE "intake"."staff_directory_changes" ("id" BIGSERIAL NOT NULL, "user_id" text NOT NULL, "seq" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" text NOT NULL, "payload" jsonb NOT NULL, "prev_hash" text, "hash" text NOT NULL, "alg" text NOT NULL, CONSTRAINT "PK_staff_directory_changes" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "staff_changes_by_user" ON "intake"."staff_directory_changes" ("user_id", "seq")`);
        // the policy reads a case's recusals from its history
        await queryRunner.query(`CREATE INDEX "case_history_recused" ON "intake"."case_history" ("case_id", "actor") WHERE action = 'recused'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "intake"."case_history_recused"`);
        await queryRunner.query(`DROP TABLE "intake"."staff_directory_changes"`);
        await queryRunner.query(`DROP TABLE "intake"."staff_directory"`);
    }

}
