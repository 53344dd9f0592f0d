import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The service's own PostgreSQL role, permits_discharge_permit: it reads and writes the tables of schema "discharge_permit" and reaches
 * nothing else (no other schema, no DDL, not the migrations table). The service connects as it; the migration
 * runner keeps the owner's rights. Roles are per cluster: another database of the cluster may have created it.
 */
export class ServiceRole1796600000000 implements MigrationInterface {
    name = 'ServiceRole1796600000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DO $$ BEGIN CREATE ROLE "permits_discharge_permit" LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
        await queryRunner.query(`REVOKE ALL ON SCHEMA "discharge_permit" FROM PUBLIC`);
        await queryRunner.query(`GRANT USAGE ON SCHEMA "discharge_permit" TO "permits_discharge_permit"`);
        await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "discharge_permit" TO "permits_discharge_permit"`);
        await queryRunner.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "discharge_permit" TO "permits_discharge_permit"`);
        await queryRunner.query(`REVOKE ALL ON "discharge_permit"."migrations" FROM "permits_discharge_permit"`);
        await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA "discharge_permit" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "permits_discharge_permit"`);
        await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA "discharge_permit" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO "permits_discharge_permit"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // the role stays: other databases of the cluster may use it
        await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA "discharge_permit" REVOKE ALL ON SEQUENCES FROM "permits_discharge_permit"`);
        await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA "discharge_permit" REVOKE ALL ON TABLES FROM "permits_discharge_permit"`);
        await queryRunner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA "discharge_permit" FROM "permits_discharge_permit"`);
        await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA "discharge_permit" FROM "permits_discharge_permit"`);
        await queryRunner.query(`REVOKE USAGE ON SCHEMA "discharge_permit" FROM "permits_discharge_permit"`);
    }

}
