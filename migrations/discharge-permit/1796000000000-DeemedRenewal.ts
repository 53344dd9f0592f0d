import { MigrationInterface, QueryRunner } from "typeorm";

export class DeemedRenewal1796000000000 implements MigrationInterface {
    name = 'DeemedRenewal1796000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "permits" ADD "deemed_renewal" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "permits" ADD "deemed_by" text`);
        await queryRunner.query(`ALTER TABLE "permits" ALTER COLUMN "valid_to" DROP NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "permits" ALTER COLUMN "valid_to" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "permits" DROP COLUMN "deemed_by"`);
        await queryRunner.query(`ALTER TABLE "permits" DROP COLUMN "deemed_renewal"`);
    }

}
