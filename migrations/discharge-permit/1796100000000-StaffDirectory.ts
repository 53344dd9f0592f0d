import { MigrationInterface, QueryRunner } from "typeorm";

/** The staff directory (intake: the master; the other case services: their copy from staff.changed.v1), read by the duty policy. */
export class StaffDirectory1796100000000 implements MigrationInterface {
    name = 'StaffDirectory1796100000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "discharge_permit"."staff_directory" ("user_id" text NOT NULL, "name" text NOT NULL, "dept" text NOT NULL, "roles" text array NOT NULL, "active" boolean NOT NULL, "conflicts" text array NOT NULL, "revision" integer NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "changed_by" text NOT NULL, CONSTRAINT "PK_staff_directory" PRIMARY KEY ("user_id"))`);
        // the policy reads a case's recusals from its history
        await queryRunner.query(`CREATE INDEX "case_history_recused" ON "discharge_permit"."case_history" ("case_id", "actor") WHERE action = 'recused'`);
        // running cases of the sub-items whose limit a special law sets (catalog: extendable false) carry the fact, as new ones do
        await queryRunner.query(`UPDATE "discharge_permit"."cases" SET state = jsonb_set(state, '{data,extendable}', 'false'::jsonb) WHERE sub_item_code IN ('HB-001-01', 'HB-001-02', 'HB-002-01', 'HB-002-02', 'HB-011-01') AND state ? 'data' AND NOT (state->'data' ? 'extendable')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "discharge_permit"."case_history_recused"`);
        await queryRunner.query(`DROP TABLE "discharge_permit"."staff_directory"`);
    }

}
