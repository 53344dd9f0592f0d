import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Inspections by name and penalty cases with their content: each inspector's result on a check; a penalty's
 * source (check or alarm), investigators, proposal (facts, legal basis, sanction), the enterprise's statements
 * and hearing request, decision number and decider; published decisions by date.
 */
export class PenaltyCases1796100000000 implements MigrationInterface {
    name = 'PenaltyCases1796100000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "checks" ADD "results" jsonb NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "penalties" ALTER COLUMN "check_id" DROP NOT NULL`);
        await queryRunner.query(`ALTER TABLE "penalties" ADD "alarm_id" text`);
        await queryRunner.query(`ALTER TABLE "penalties" ADD "source" text NOT NULL DEFAULT 'check'`);
        await queryRunner.query(`ALTER TABLE "penalties" ADD "enterprise_name" text`);
        await queryRunner.query(`ALTER TABLE "penalties" ADD "investigators" text array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "penalties" ADD "facts" text`);
        await queryRunner.query(`ALTER TABLE "penalties" ADD "legal_basis" text`);
        await queryRunner.query(`ALTER TABLE "penalties" ADD "sanction" jsonb`);
        await queryRunner.query(`ALTER TABLE "penalties" ADD "proposed_by" text`);
        await queryRunner.query(`ALTER TABLE "penalties" ADD "statement_due" date`);
        await queryRunner.query(`ALTER TABLE "penalties" ADD "hearing_due" date`);
        await queryRunner.query(`ALTER TABLE "penalties" ADD "hearing_requested" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "penalties" ADD "statements" jsonb NOT NULL DEFAULT '[]'`);
        await queryRunner.query(`ALTER TABLE "penalties" ADD "decision_no" text`);
        await queryRunner.query(`ALTER TABLE "penalties" ADD "decided_by" text`);
        // the inspectors of the check a penalty came from (separation of investigation and decision)
        await queryRunner.query(`UPDATE "penalties" p SET "investigators" = c."inspectors" FROM "checks" c WHERE c."id" = p."check_id"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "penalties_by_alarm" ON "penalties" ("alarm_id") `);
        await queryRunner.query(`CREATE INDEX "penalties_published" ON "penalties" ("published_at", "id") `);
        await queryRunner.query(`CREATE SEQUENCE "penalty_decision_seq"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP SEQUENCE "penalty_decision_seq"`);
        await queryRunner.query(`DROP INDEX "supervision"."penalties_published"`);
        await queryRunner.query(`DROP INDEX "supervision"."penalties_by_alarm"`);
        for (const c of ['decided_by', 'decision_no', 'statements', 'hearing_requested', 'hearing_due', 'statement_due', 'proposed_by', 'sanction', 'legal_basis', 'facts', 'investigators', 'enterprise_name', 'source', 'alarm_id']) {
            await queryRunner.query(`ALTER TABLE "penalties" DROP COLUMN "${c}"`);
        }
        await queryRunner.query(`ALTER TABLE "penalties" ALTER COLUMN "check_id" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "checks" DROP COLUMN "results"`);
    }

}
