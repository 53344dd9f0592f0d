import { MigrationInterface, QueryRunner } from "typeorm";

export class MessageRetention1795980000000 implements MigrationInterface {
    name = 'MessageRetention1795980000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "outbox_published" ON "supervision"."outbox" ("created_at") WHERE published_at IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "inbox_handled" ON "supervision"."inbox" ("handled_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "supervision"."inbox_handled"`);
        await queryRunner.query(`DROP INDEX "supervision"."outbox_published"`);
    }

}
