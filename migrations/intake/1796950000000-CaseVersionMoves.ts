import { MigrationInterface, QueryRunner } from 'typeorm';
import { createCaseVersionGuard, dropCaseVersionGuard } from '../shared/case-version';

/** Every update of a case moves its version, whoever writes it (the runtime's optimistic write relies on it). */
export class CaseVersionMoves1796950000000 implements MigrationInterface {
  name = 'CaseVersionMoves1796950000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await createCaseVersionGuard(queryRunner, 'intake');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await dropCaseVersionGuard(queryRunner, 'intake');
  }
}
