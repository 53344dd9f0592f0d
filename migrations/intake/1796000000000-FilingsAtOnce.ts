import { MigrationInterface, QueryRunner } from "typeorm";

export class FilingsAtOnce1796000000000 implements MigrationInterface {
    name = 'FilingsAtOnce1796000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "filing_number_series" ("series" text NOT NULL, "year" integer NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "PK_filing_number_series" PRIMARY KEY ("series", "year"))`);
        await queryRunner.query(`ALTER TABLE "applications" ADD "filing_no" text`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "filing_no"`);
        await queryRunner.query(`DROP TABLE "filing_number_series"`);
    }

}
