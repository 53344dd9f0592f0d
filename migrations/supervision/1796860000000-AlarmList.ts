import { MigrationInterface, QueryRunner } from "typeorm";

/** GET /api/v1/supervision/alarms pages newest received first on (received_at, case_id): one index range scan per page. */
export class AlarmList1796860000000 implements MigrationInterface {
    name = 'AlarmList1796860000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "monitoring_alarms_received" ON "monitoring_alarms" ("received_at", "case_id")`);
        await queryRunner.query(`CREATE INDEX "monitoring_alarms_by_entity" ON "monitoring_alarms" ("credit_code", "received_at", "case_id")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "monitoring_alarms_by_entity"`);
        await queryRunner.query(`DROP INDEX "monitoring_alarms_received"`);
    }
}
