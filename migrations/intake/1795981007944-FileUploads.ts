import { MigrationInterface, QueryRunner } from "typeorm";

export class FileUploads1795981007944 implements MigrationInterface {
    name = 'FileUploads1795981007944'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "file_uploads" ("sha256" text NOT NULL, "credit_code" text NOT NULL, "uploader_user_id" text NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8ba378a5cbc6fb675eda2c1b6ab" PRIMARY KEY ("sha256", "credit_code"))`);
        await queryRunner.query(`CREATE INDEX "file_uploads_by_credit_code" ON "file_uploads" ("credit_code", "uploaded_at") `);
        // (added by hand) the uploads made before: each file's first uploader keeps it
        await queryRunner.query(`INSERT INTO "file_uploads" ("sha256", "credit_code", "uploader_user_id", "uploaded_at") SELECT "sha256", "uploader_credit_code", "uploader_user_id", "uploaded_at" FROM "files" ON CONFLICT DO NOTHING`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "intake"."file_uploads_by_credit_code"`);
        await queryRunner.query(`DROP TABLE "file_uploads"`);
    }

}
