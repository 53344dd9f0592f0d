import { MigrationInterface, QueryRunner } from "typeorm";

export class MessageRetention1795900000003 implements MigrationInterface {
    name = 'MessageRetention1795900000003'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "outbox_published" ON "notification"."outbox" ("created_at") WHERE published_at IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "inbox_handled" ON "notification"."inbox" ("handled_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "notification"."inbox_handled"`);
        await queryRunner.query(`DROP INDEX "notification"."outbox_published"`);
    }

}
