import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Deemed renewal, whole (issue 25): the renewals intake received, wherever their case stands (still at the window
 * included), so a licence that ends with one pending is deemed renewed (art. 50); and each licence's own validity in
 * years kept with it (a 3-year collection licence renews for 3), backfilled from the case that issued it.
 */
export class RenewalFilings1796810000000 implements MigrationInterface {
    name = 'RenewalFilings1796810000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "discharge_permit"."renewal_filings" ("application_id" text NOT NULL, "permit_no" text NOT NULL, "credit_code" text NOT NULL, "filed_on" date NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "outcome" text, CONSTRAINT "PK_renewal_filings" PRIMARY KEY ("application_id"))`);
        await queryRunner.query(`CREATE INDEX "renewal_filings_pending" ON "discharge_permit"."renewal_filings" ("permit_no", "filed_on") WHERE ended_at IS NULL`);
        await queryRunner.query(`UPDATE "discharge_permit"."permits" p SET details = p.details || jsonb_build_object('validityYears', (c.state->'data'->>'validityYears')::int)
            FROM "discharge_permit"."cases" c WHERE c.id = p.application_id AND jsonb_typeof(c.state->'data'->'validityYears') = 'number' AND NOT p.details ? 'validityYears'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "discharge_permit"."renewal_filings"`);
    }

}
