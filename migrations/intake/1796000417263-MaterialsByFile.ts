import { MigrationInterface, QueryRunner } from "typeorm";

/** Which applications refer to a file (materials @> [{"sha256": …}]): the sweep of unreferenced uploads asks it per batch. */
export class MaterialsByFile1796000417263 implements MigrationInterface {
    name = 'MaterialsByFile1796000417263'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "applications_materials" ON "applications" USING gin ("materials" jsonb_path_ops)`);
        await queryRunner.query(`CREATE INDEX "file_uploads_by_uploaded_at" ON "file_uploads" ("uploaded_at")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "file_uploads_by_uploaded_at"`);
        await queryRunner.query(`DROP INDEX "applications_materials"`);
    }

}
