import { MigrationInterface, QueryRunner } from "typeorm";

export class PermitRegister1795795110129 implements MigrationInterface {
    name = 'PermitRegister1795795110129'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "discharge_permit"."permits_by_case"`);
        await queryRunner.query(`CREATE TABLE "permit_events" ("id" BIGSERIAL NOT NULL, "permit_no" text NOT NULL, "action" text NOT NULL, "application_id" text, "detail" jsonb NOT NULL DEFAULT '{}', "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d6c9ecf307fd49e257dffcead96" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "permit_events_by_permit" ON "permit_events" ("permit_no", "id") `);
        await queryRunner.query(`ALTER TABLE "permits" ADD "details" jsonb NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`CREATE INDEX "permits_by_case" ON "permits" ("application_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "discharge_permit"."permits_by_case"`);
        await queryRunner.query(`ALTER TABLE "permits" DROP COLUMN "details"`);
        await queryRunner.query(`DROP INDEX "discharge_permit"."permit_events_by_permit"`);
        await queryRunner.query(`DROP TABLE "permit_events"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "permits_by_case" ON "permits" ("application_id") `);
    }

}
