import { MigrationInterface, QueryRunner } from "typeorm";

export class MessageRetention1795900000000 implements MigrationInterface {
    name = 'MessageRetention1795900000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "outbox_published" ON "intake"."outbox" ("created_at") WHERE published_at IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "inbox_handled" ON "intake"."inbox" ("handled_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "intake"."inbox_handled"`);
        await queryRunner.query(`DROP INDEX "intake"."outbox_published"`);
    }

}
