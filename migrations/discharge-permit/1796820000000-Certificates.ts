import { MigrationInterface, QueryRunner } from "typeorm";

export class Certificates1796820000000 implements MigrationInterface {
    name = 'Certificates1796820000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "certificates" ("permit_no" text NOT NULL, "sha256" text NOT NULL, "fingerprint" text NOT NULL, "valid_from" date NOT NULL, "valid_to" date, "key_id" text NOT NULL, "issued_to" text NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ea5d55aff941c7924aee7fc132b" PRIMARY KEY ("permit_no", "sha256"))`);
        await queryRunner.query(`CREATE INDEX "certificates_by_state" ON "certificates" ("permit_no", "fingerprint", "issued_at") `);
        // the ledger is append-only for the service: what was issued stays as it was
        await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "certificates" FROM "permits_discharge_permit"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "certificates_by_state"`);
        await queryRunner.query(`DROP TABLE "certificates"`);
    }

}
