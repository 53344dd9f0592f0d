import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The service hall and the ratings (issue 25): cases the bureau records as handled outside the system (they count
 * against the single-window rate), and the applicants' ratings of decided cases (好差评), one per application.
 */
export class CounterAndRatings1796810000000 implements MigrationInterface {
    name = 'CounterAndRatings1796810000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "intake"."handled_outside" ("id" text NOT NULL, "sub_item_code" text NOT NULL, "license_type" text NOT NULL, "received_on" date NOT NULL, "count" integer NOT NULL, "reason" text NOT NULL, "recorded_by" text NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_handled_outside" PRIMARY KEY ("id"), CONSTRAINT "CHK_handled_outside_count" CHECK ("count" > 0))`);
        await queryRunner.query(`CREATE INDEX "handled_outside_by_day" ON "intake"."handled_outside" ("received_on")`);
        await queryRunner.query(`CREATE TABLE "intake"."ratings" ("application_id" text NOT NULL, "credit_code" text NOT NULL, "user_id" text NOT NULL, "score" smallint NOT NULL, "comment" text, "rated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "follow_up_case_id" text, CONSTRAINT "PK_ratings" PRIMARY KEY ("application_id"), CONSTRAINT "CHK_ratings_score" CHECK ("score" BETWEEN 1 AND 5))`);
        await queryRunner.query(`CREATE INDEX "ratings_by_day" ON "intake"."ratings" ("rated_at")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "intake"."ratings"`);
        await queryRunner.query(`DROP TABLE "intake"."handled_outside"`);
    }

}
