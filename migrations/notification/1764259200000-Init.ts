import { MigrationInterface, QueryRunner } from "typeorm";

export class Init1764259200000 implements MigrationInterface {
    name = 'Init1764259200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "notification"."outbox" ("id" uuid NOT NULL, "queue" text NOT NULL, "job_name" text NOT NULL, "payload" jsonb NOT NULL, "correlation_id" text, "delay" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "outbox_unpublished" ON "notification"."outbox" ("created_at") WHERE published_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "notification"."inbox" ("message_id" text NOT NULL, "job" text NOT NULL, "handled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bbd15267b116fd3c45f459a65fa" PRIMARY KEY ("message_id"))`);
        await queryRunner.query(`CREATE TABLE "notification"."notifications" ("id" text NOT NULL, "message_id" text NOT NULL, "kind" text NOT NULL, "application_id" text NOT NULL, "recipient_type" text NOT NULL, "recipient" text NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "notifications_once" ON "notification"."notifications" ("message_id", "recipient_type", "recipient") `);
        await queryRunner.query(`CREATE INDEX "notifications_by_recipient" ON "notification"."notifications" ("recipient_type", "recipient", "created_at", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "notification"."notifications_by_recipient"`);
        await queryRunner.query(`DROP INDEX "notification"."notifications_once"`);
        await queryRunner.query(`DROP TABLE "notification"."notifications"`);
        await queryRunner.query(`DROP TABLE "notification"."inbox"`);
        await queryRunner.query(`DROP INDEX "notification"."outbox_unpublished"`);
        await queryRunner.query(`DROP TABLE "notification"."outbox"`);
    }

}
