import { MigrationInterface, QueryRunner } from "typeorm";

/** The counted days up to the committed deadline in force on the decision day, from the owner's status message (issue 25). */
export class CommittedDaysInForce1796810000001 implements MigrationInterface {
    name = 'CommittedDaysInForce1796810000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "intake"."applications" ADD "committed_days_in_force" integer`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "intake"."applications" DROP COLUMN "committed_days_in_force"`);
    }

}
