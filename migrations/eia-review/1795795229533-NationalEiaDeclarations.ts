import { MigrationInterface, QueryRunner } from "typeorm";

export class NationalEiaDeclarations1795795229533 implements MigrationInterface {
    name = 'NationalEiaDeclarations1795795229533'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "eia_review"."national_eia_declarations" ("declaration_id" text NOT NULL, "application_id" text NOT NULL, "project_code" text NOT NULL, "credit_code" text NOT NULL, "category" text NOT NULL, "body" jsonb NOT NULL, "body_sha256" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "correlation_id" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_ab51f6aeb3b7bf2b0e06420d768" UNIQUE ("application_id"), CONSTRAINT "PK_4267328baa7918490a4fe4da475" PRIMARY KEY ("declaration_id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "eia_review"."national_eia_declarations"`);
    }

}
