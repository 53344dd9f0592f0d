import { MigrationInterface, QueryRunner } from "typeorm";

export class PublicDecisions1795981138423 implements MigrationInterface {
    name = 'PublicDecisions1795981138423'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "applications" ADD "decision_no" text`);
        await queryRunner.query(`CREATE INDEX "applications_by_decided" ON "applications" ("decided_at") WHERE decided_at IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "intake"."applications_by_decided"`);
        await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "decision_no"`);
    }

}
