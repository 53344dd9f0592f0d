import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The audit store's coverage and history: record chains (the permit register, applications' status and
 * decision numbers, supervision plans) beside the cases' chains; the leaves each anchor changed (so a
 * verification checks every anchor, not only the newest); a signature on stored verification results.
 */
export class AuditCoverage1796100000000 implements MigrationInterface {
    name = 'AuditCoverage1796100000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_chains" ("id" text NOT NULL, "kind" text NOT NULL, "audit_head" text, "audit_count" integer NOT NULL DEFAULT 0, CONSTRAINT "PK_audit_chains" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "audit_chains_by_kind" ON "audit_chains" ("kind", "id")`);
        await queryRunner.query(`CREATE TABLE "audit_anchor_leaves" ("seq" integer NOT NULL, "id" text NOT NULL, "n" integer NOT NULL, "head" text, CONSTRAINT "PK_audit_anchor_leaves" PRIMARY KEY ("seq", "id"))`);
        await queryRunner.query(`ALTER TABLE "audit_verifications" ADD "signature" text`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "audit_verifications" DROP COLUMN "signature"`);
        await queryRunner.query(`DROP TABLE "audit_anchor_leaves"`);
        await queryRunner.query(`DROP TABLE "audit_chains"`);
    }

}
