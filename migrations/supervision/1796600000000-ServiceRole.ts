import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The service's own PostgreSQL role, permits_supervision: it reads and writes the tables of schema "supervision" and reaches
 * nothing else (no other schema, no DDL, not the migrations table). The service connects as it; the migration
 * runner keeps the owner's rights. Roles are per cluster: another database of the cluster may have created it.
 */
export class ServiceRole1796600000000 implements MigrationInterface {
    name = 'ServiceRole1796600000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DO $$ BEGIN CREATE ROLE "permits_supervision" LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
        await queryRunner.query(`REVOKE ALL ON SCHEMA "supervision" FROM PUBLIC`);
        await queryRunner.query(`GRANT USAGE ON SCHEMA "supervision" TO "permits_supervision"`);
        await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "supervision" TO "permits_supervision"`);
        await queryRunner.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "supervision" TO "permits_supervision"`);
        await queryRunner.query(`REVOKE ALL ON "supervision"."migrations" FROM "permits_supervision"`);
        await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA "supervision" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "permits_supervision"`);
        await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA "supervision" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO "permits_supervision"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // the role stays: other databases of the cluster may use it
        await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA "supervision" REVOKE ALL ON SEQUENCES FROM "permits_supervision"`);
        await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA "supervision" REVOKE ALL ON TABLES FROM "permits_supervision"`);
        await queryRunner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA "supervision" FROM "permits_supervision"`);
        await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA "supervision" FROM "permits_supervision"`);
        await queryRunner.query(`REVOKE USAGE ON SCHEMA "supervision" FROM "permits_supervision"`);
    }

}
