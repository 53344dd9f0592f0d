import { MigrationInterface, QueryRunner } from "typeorm";

export class NotificationDeliveries1795795275340 implements MigrationInterface {
    name = 'NotificationDeliveries1795795275340'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "contacts" ("recipient_type" text NOT NULL, "recipient" text NOT NULL, "email" text, "phone" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_by" text NOT NULL, CONSTRAINT "PK_4ed607272ad238885ae6be1a068" PRIMARY KEY ("recipient_type", "recipient"))`);
        await queryRunner.query(`CREATE TABLE "deliveries" ("id" uuid NOT NULL, "notification_id" text NOT NULL, "channel" text NOT NULL, "address" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, "failed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "deliveries_by_status" ON "deliveries" ("status", "channel") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "deliveries_once" ON "deliveries" ("notification_id", "channel") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "notification"."deliveries_once"`);
        await queryRunner.query(`DROP INDEX "notification"."deliveries_by_status"`);
        await queryRunner.query(`DROP TABLE "deliveries"`);
        await queryRunner.query(`DROP TABLE "contacts"`);
    }

}
