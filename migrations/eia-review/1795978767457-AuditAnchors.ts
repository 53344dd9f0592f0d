import { MigrationInterface, QueryRunner } from "typeorm";

export class AuditAnchors1795978767457 implements MigrationInterface {
    name = 'AuditAnchors1795978767457'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_anchors" ("seq" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "root" text NOT NULL, "cases" integer NOT NULL, "entries" bigint NOT NULL, "leaves" jsonb, "prev_hash" text, "hash" text NOT NULL, CONSTRAINT "PK_8a386d5b7490d441c29882f9a37" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE TABLE "audit_verifications" ("id" text NOT NULL, "status" text NOT NULL, "total" integer NOT NULL, "checked" integer NOT NULL, "result" jsonb, "error" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b0d662ddbb3679bb08f61a6e4d4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`ALTER TABLE "audit_log" ADD "alg" text NOT NULL DEFAULT 'sha256'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "audit_log" DROP COLUMN "alg"`);
        await queryRunner.query(`DROP TABLE "audit_verifications"`);
        await queryRunner.query(`DROP TABLE "audit_anchors"`);
    }

}
