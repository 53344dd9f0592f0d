import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { SUPERVISION_CHECK_V2 } from '@permits/workflow/definitions';
import { CaseRow, CaseRuntime } from '@permits/workflow-runtime';
import { SUPERVISION_SYSTEM } from '../penalties/open-penalty';
import { safeErrorMessage } from '@permits/core';

/**
 * Moves an open check drawn before inspections by name (v1: one task in the detachment's pool) onto v2: one
 * task per drawn inspector. Done when the worker starts, and at the latest when a result is recorded.
 */
export async function upgradeCheck(runtime: CaseRuntime, tx: EntityManager, row: CaseRow, correlationId: string): Promise<void> {
  await runtime.apply(
    tx,
    row,
    { type: 'Migrate', toDefinition: SUPERVISION_CHECK_V2, stepMapping: {}, actor: SUPERVISION_SYSTEM },
    { correlationId, input: { reason: 'inspections by name: one task per drawn inspector' } },
  );
}

/** At the worker's start: open checks drawn before inspections by name move onto one task per drawn inspector. */
@Injectable()
export class CheckUpgrade implements OnApplicationBootstrap {
  private readonly logger = new Logger(CheckUpgrade.name);

  constructor(
    private readonly db: DataSource,
    private readonly runtime: CaseRuntime,
  ) {}

  onApplicationBootstrap(): void {
    // in the background: the worker takes jobs meanwhile; a check not yet moved moves when a result is recorded
    void this.upgradeOpenChecks().catch((err: unknown) =>
      this.logger.warn({ err: safeErrorMessage(err) }, 'moving open checks onto inspections by name failed; retried at the next start'),
    );
  }

  /** Every open v1 check onto v2, each in its own transaction (a replica doing the same finds it done). */
  async upgradeOpenChecks(): Promise<number> {
    const open: { id: string }[] = await this.db.query(
      `SELECT id FROM cases WHERE definition_key = 'supervision_check' AND definition_version < $1 AND closed_at IS NULL`,
      [SUPERVISION_CHECK_V2.version],
    );
    let moved = 0;
    for (const { id } of open) {
      await this.db.transaction(async (tx) => {
        const row = await tx.getRepository(CaseRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
        if (!row || row.closedAt || row.definitionVersion >= SUPERVISION_CHECK_V2.version) return;
        await upgradeCheck(this.runtime, tx, row, randomUUID());
        moved++;
      });
    }
    if (moved) this.logger.log({ moved }, 'open checks moved onto inspections by name');
    return moved;
  }
}
