import { MigrationInterface, QueryRunner } from "typeorm";

export class MessageRetention1795900000001 implements MigrationInterface {
    name = 'MessageRetention1795900000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "outbox_published" ON "eia_review"."outbox" ("created_at") WHERE published_at IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "inbox_handled" ON "eia_review"."inbox" ("handled_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "eia_review"."inbox_handled"`);
        await queryRunner.query(`DROP INDEX "eia_review"."outbox_published"`);
    }

}
