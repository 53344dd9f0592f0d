import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Generated with `typeorm migration:generate`, then cut to this change alone: the generator also picked up
 * runtime-entity changes made at the same time by other work (calendar_years, sla_metrics, cases columns,
 * a timers index), which belong to that work's own migration.
 */
export class MaterialFiles1795795274692 implements MigrationInterface {
    name = 'MaterialFiles1795795274692'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "files" ("sha256" text NOT NULL, "size" bigint NOT NULL, "media_type" text NOT NULL, "uploader_credit_code" text NOT NULL, "uploader_user_id" text NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f025e69a8fe158b0ad78de543b2" PRIMARY KEY ("sha256"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "files"`);
    }

}
