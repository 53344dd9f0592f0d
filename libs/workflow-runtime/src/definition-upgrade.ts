import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFINITION_UPGRADES, type DefinitionUpgrade } from '@permits/workflow/definitions';
import { CaseRuntime } from './case-runtime';
import { CaseRow } from './entities';
import { safeErrorMessage } from '@permits/core';

/** Who moves running cases onto the version in force: the engine's Migrate is an admin's command. */
export const UPGRADE_ACTOR = { id: 'system:definition-upgrade', roles: ['admin' as const] };

export interface UpgradeResult {
  moved: number;
  failed: number;
}

/**
 * Moves the open cases of a superseded definition version onto the version in force (DEFINITION_UPGRADES), one
 * case per transaction under its row lock, through the runtime: each move is the engine's Migrate command, so it
 * is in the case's history (`migrated`, staff only) and audit chain like any command, and replays exactly. The
 * version is checked again under the lock, so two workers starting together move a case once. Open tasks keep
 * their ids and holders, a countersign its signers (加签/减签 included) and votes, a notice or job its timer.
 */
export async function upgradeRunningCases(
  db: DataSource,
  runtime: CaseRuntime,
  upgrades: readonly DefinitionUpgrade[] = DEFINITION_UPGRADES,
  logger?: Logger,
): Promise<UpgradeResult> {
  const result: UpgradeResult = { moved: 0, failed: 0 };
  for (const u of upgrades) {
    const ids: { id: string }[] = await db.query(
      `SELECT id FROM cases WHERE definition_key = $1 AND definition_version = $2 AND closed_at IS NULL ORDER BY id`,
      [u.from.key, u.from.version],
    );
    for (const { id } of ids) {
      try {
        const moved = await db.transaction(async (tx) => {
          const row = await tx.getRepository(CaseRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
          if (!row || row.definitionKey !== u.from.key || row.definitionVersion !== u.from.version || row.state.status === 'completed') return false;
          const input = { from: { key: u.from.key, version: u.from.version }, to: { key: u.to.key, version: u.to.version }, why: u.why };
          await runtime.apply(
            tx,
            row,
            { type: 'Migrate', toDefinition: u.to, stepMapping: { ...u.stepMapping }, keepSigners: true, actor: UPGRADE_ACTOR },
            { correlationId: randomUUID(), input },
          );
          return true;
        });
        if (moved) result.moved += 1;
      } catch (error) {
        // one case that cannot move stays on its version (it still loads and runs): logged, the rest go on
        result.failed += 1;
        logger?.error({ caseId: id, from: `${u.from.key} v${u.from.version}`, err: safeErrorMessage(error) }, 'definition upgrade failed');
      }
    }
  }
  return result;
}

/** Runs the upgrade once when a worker starts, in the background: the worker serves its queues meanwhile. */
@Injectable()
export class DefinitionUpgradeHost implements OnApplicationBootstrap {
  private readonly logger = new Logger('DefinitionUpgrade');
  private running: Promise<UpgradeResult> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly runtime: CaseRuntime,
  ) {}

  onApplicationBootstrap(): void {
    this.running = upgradeRunningCases(this.db, this.runtime, DEFINITION_UPGRADES, this.logger).then(
      (r) => {
        if (r.moved || r.failed) this.logger.log(r, 'running cases moved onto the definitions in force');
        return r;
      },
      (error: unknown) => {
        this.logger.error({ err: safeErrorMessage(error) }, 'definition upgrade stopped');
        return { moved: 0, failed: 0 };
      },
    );
  }

  /** The run started at bootstrap (tests wait for it). */
  done(): Promise<UpgradeResult> {
    return this.running ?? Promise.resolve({ moved: 0, failed: 0 });
  }
}
