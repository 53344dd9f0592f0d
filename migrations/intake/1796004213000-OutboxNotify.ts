import { MigrationInterface, QueryRunner } from "typeorm";

/** Every statement that writes outbox rows wakes the relay (NOTIFY outbox_intake, delivered at commit). */
export class OutboxNotify1796004213000 implements MigrationInterface {
    name = 'OutboxNotify1796004213000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE FUNCTION "intake"."outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('outbox_' || TG_TABLE_SCHEMA, ''); RETURN NULL; END $$`);
        await queryRunner.query(`CREATE TRIGGER "outbox_notify" AFTER INSERT ON "intake"."outbox" FOR EACH STATEMENT EXECUTE FUNCTION "intake"."outbox_notify"()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "outbox_notify" ON "intake"."outbox"`);
        await queryRunner.query(`DROP FUNCTION "intake"."outbox_notify"()`);
    }

}
