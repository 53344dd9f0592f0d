import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Committed draws (issue 23): the seed's commitment, cancellation, one plan per period, the inputs stored apart.
 * Plans drawn before: their seed may have been chosen by the drawer, so they are marked seed_committed = false
 * and their commitment is computed now (it proves nothing about the draw, and the public view says so); their
 * entities and roster move to plan_inputs; where a period had more than one plan, every plan after the first
 * drawn is marked cancelled by the migration (its checks stand as drawn: work already assigned is not undone here).
 */
export class CommittedDraws1796100000000 implements MigrationInterface {
    name = 'CommittedDraws1796100000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "plans" ADD "seed_commitment" text`);
        await queryRunner.query(`ALTER TABLE "plans" ADD "seed_committed" boolean NOT NULL DEFAULT true`);
        await queryRunner.query(`ALTER TABLE "plans" ADD "counts" jsonb NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "plans" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "plans" ADD "cancelled_by" text`);
        await queryRunner.query(`ALTER TABLE "plans" ADD "cancel_reason" text`);
        await queryRunner.query(`CREATE TABLE "plan_inputs" ("plan_id" uuid NOT NULL, "kind" text NOT NULL, "seq" integer NOT NULL, "data" jsonb NOT NULL, CONSTRAINT "PK_plan_inputs" PRIMARY KEY ("plan_id", "kind", "seq"))`);
        await queryRunner.query(`CREATE TABLE "plan_events" ("id" BIGSERIAL NOT NULL, "plan_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" text NOT NULL, "action" text NOT NULL, "detail" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_plan_events" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "plan_events_by_plan" ON "plan_events" ("plan_id", "id") `);

        // plans drawn before: commitment computed now, marked as not committed at the draw
        await queryRunner.query(`UPDATE "plans" SET "seed_commitment" = encode(sha256(convert_to("seed", 'UTF8')), 'hex'), "seed_committed" = false`);
        await queryRunner.query(`ALTER TABLE "plans" ALTER COLUMN "seed_commitment" SET NOT NULL`);
        // their counts per class, from the stored inputs and result
        await queryRunner.query(`UPDATE "plans" p SET "counts" = (
            SELECT jsonb_object_agg(g.name, jsonb_build_object(
                'entities', (SELECT count(*) FROM jsonb_array_elements(coalesce(p.inputs->'entities', '[]')) e
                              WHERE CASE WHEN (e->>'positiveList')::boolean THEN 'positiveList' ELSE e->>'riskClass' END = g.name),
                'drawn', (SELECT count(*) FROM jsonb_array_elements(p.result) r WHERE r->>'group' = g.name)))
              FROM (VALUES ('key'), ('general'), ('positiveList')) g(name))`);
        // their entities and roster, apart (already in canonical order)
        await queryRunner.query(`INSERT INTO "plan_inputs" ("plan_id", "kind", "seq", "data")
            SELECT p.id, 'entity', (e.ord - 1)::int, e.value FROM "plans" p, jsonb_array_elements(coalesce(p.inputs->'entities', '[]')) WITH ORDINALITY e(value, ord)`);
        await queryRunner.query(`INSERT INTO "plan_inputs" ("plan_id", "kind", "seq", "data")
            SELECT p.id, 'inspector', (r.ord - 1)::int, r.value FROM "plans" p, jsonb_array_elements(coalesce(p.inputs->'roster', '[]')) WITH ORDINALITY r(value, ord)`);
        await queryRunner.query(`UPDATE "plans" SET "inputs" = "inputs" - 'entities' - 'roster'`);
        // one plan per period: the first drawn stands, the others are marked cancelled, with the reason published
        await queryRunner.query(`WITH later AS (
              SELECT p.id FROM "plans" p WHERE EXISTS (SELECT 1 FROM "plans" q WHERE q.period = p.period AND (q.drawn_at, q.id) < (p.drawn_at, p.id)))
            UPDATE "plans" SET "cancelled_at" = now(), "cancelled_by" = 'system:migration',
                   "cancel_reason" = 'another plan was drawn earlier for this period (one plan per period since committed draws)'
             WHERE id IN (SELECT id FROM later)`);
        await queryRunner.query(`INSERT INTO "plan_events" ("plan_id", "at", "actor", "action", "detail")
            SELECT id, drawn_at, drawn_by, 'drawn', jsonb_build_object('seedCommitted', false) FROM "plans"`);
        await queryRunner.query(`INSERT INTO "plan_events" ("plan_id", "at", "actor", "action", "detail")
            SELECT id, cancelled_at, cancelled_by, 'cancelled', jsonb_build_object('reason', cancel_reason) FROM "plans" WHERE cancelled_at IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "plans_one_per_period" ON "plans" ("period") WHERE cancelled_at IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "supervision"."plans_one_per_period"`);
        await queryRunner.query(`UPDATE "plans" p SET "inputs" = p.inputs
            || jsonb_build_object('entities', coalesce((SELECT jsonb_agg(i.data ORDER BY i.seq) FROM "plan_inputs" i WHERE i.plan_id = p.id AND i.kind = 'entity'), '[]'))
            || jsonb_build_object('roster', coalesce((SELECT jsonb_agg(i.data ORDER BY i.seq) FROM "plan_inputs" i WHERE i.plan_id = p.id AND i.kind = 'inspector'), '[]'))`);
        await queryRunner.query(`DROP INDEX "supervision"."plan_events_by_plan"`);
        await queryRunner.query(`DROP TABLE "plan_events"`);
        await queryRunner.query(`DROP TABLE "plan_inputs"`);
        await queryRunner.query(`ALTER TABLE "plans" DROP COLUMN "cancel_reason"`);
        await queryRunner.query(`ALTER TABLE "plans" DROP COLUMN "cancelled_by"`);
        await queryRunner.query(`ALTER TABLE "plans" DROP COLUMN "cancelled_at"`);
        await queryRunner.query(`ALTER TABLE "plans" DROP COLUMN "counts"`);
        await queryRunner.query(`ALTER TABLE "plans" DROP COLUMN "seed_committed"`);
        await queryRunner.query(`ALTER TABLE "plans" DROP COLUMN "seed_commitment"`);
    }

}
