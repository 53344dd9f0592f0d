import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A whole national project code in the search `q` is looked up by equality (B-tree), not through the trigram
 * index `applications_search`, whose posting lists for the trigrams every code of a year and region shares are
 * the whole table. Partial: only applications that carry a code. Built CONCURRENTLY (writes go on while it is
 * built on a large table), which PostgreSQL refuses inside a transaction: this migration runs without one. A
 * build interrupted half way leaves an invalid index of the same name, dropped first so a rerun succeeds.
 */
export class ApplicationsByProjectCode1796880000000 implements MigrationInterface {
    name = 'ApplicationsByProjectCode1796880000000'
    transaction = false

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "applications_by_project_code"`);
        await queryRunner.query(`CREATE INDEX CONCURRENTLY "applications_by_project_code" ON "applications" ((project->>'code'), "created_at", "id") WHERE project->>'code' IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "applications_by_project_code"`);
    }

}
