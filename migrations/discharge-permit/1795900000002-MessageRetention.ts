import { MigrationInterface, QueryRunner } from "typeorm";

export class MessageRetention1795900000002 implements MigrationInterface {
    name = 'MessageRetention1795900000002'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "outbox_published" ON "discharge_permit"."outbox" ("created_at") WHERE published_at IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "inbox_handled" ON "discharge_permit"."inbox" ("handled_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "discharge_permit"."inbox_handled"`);
        await queryRunner.query(`DROP INDEX "discharge_permit"."outbox_published"`);
    }

}
