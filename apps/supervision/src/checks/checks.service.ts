import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthUser } from '@permits/auth';
import { Clock } from '@permits/clock';
import { SUPERVISION_CHECK_V2 } from '@permits/workflow/definitions';
import { CaseRow, CaseRuntime } from '@permits/workflow-runtime';
import { CheckRow, PenaltyRow } from '../entities';
import { SUPERVISION_SYSTEM } from '../penalties/open-penalty';
import { CHECK_RESULT_CHANNEL } from './check-rules';
import { DomainError, notFound } from '@permits/core';

export function checkView(c: CheckRow) {
  return {
    id: c.id,
    caseId: c.id,
    planId: c.planId,
    creditCode: c.creditCode,
    inspectors: c.inspectors,
    recordedBy: Object.keys(c.results ?? {}),
    offSite: c.offSite,
    status: c.status,
    dueDate: c.dueDate,
    createdAt: c.createdAt.toISOString(),
  };
}

/** Inspections by name: each drawn inspector records the result of a check; it stands when they agree. */
@Injectable()
export class ChecksService {
  private readonly logger = new Logger(ChecksService.name);

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly runtime: CaseRuntime,
  ) {}

  /**
   * One inspector's result (their own inspection task, completed through the runtime in one transaction with
   * the check row): 403 for anyone not drawn for the check, 409 for an inspector who already recorded or a
   * check no longer open. The check closes (and a violation opens its penalty) in the case's effects.
   */
  async recordResult(user: AuthUser, checkId: string, body: { outcome: 'compliant' | 'violation'; findings?: string }, correlationId: string) {
    const findings = body.findings?.trim() || null;
    if (body.outcome === 'violation' && !findings) throw new BadRequestException(['findings must say what was found: a violation needs them']);
    const now = await this.clock.now();
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(CheckRow);
      const check = await repo.findOne({ where: { id: checkId }, lock: { mode: 'pessimistic_write' } });
      if (!check) throw notFound('check');
      if (!check.inspectors.includes(user.id)) throw new DomainError('FORBIDDEN', 'only the inspectors drawn for this check record its result');
      if (check.results?.[user.id]) throw new DomainError('CONFLICT', 'you have recorded your result of this check');
      if (check.status !== 'open') throw new DomainError('CONFLICT', `this check is ${check.status}`);
      const row = await tx.getRepository(CaseRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id: check.id }).getOneOrFail();
      if (row.definitionVersion < SUPERVISION_CHECK_V2.version) await this.upgrade(tx, row, correlationId);
      const task = row.state.tasks.find((t) => t.status === 'open' && t.kind === 'inspection' && t.assignee === user.id);
      if (!task) throw new DomainError('CONFLICT', 'you have no open inspection task on this check');
      const results = { ...(check.results ?? {}), [user.id]: { outcome: body.outcome, findings, at: now.toISOString() } };
      await repo.update({ id: check.id }, { results });
      const input = { channel: CHECK_RESULT_CHANNEL, taskId: task.id, outcome: body.outcome, findings, inspector: user.id };
      const actor = { id: user.id, roles: user.roles, dept: user.dept };
      await this.runtime.apply(
        tx,
        row,
        {
          type: 'CompleteTask',
          taskId: task.id,
          outcome: body.outcome === 'compliant' ? 'approve' : 'reject',
          ...(findings ? { comment: findings } : {}),
          actor,
        },
        { correlationId, input },
      );
      const after = await repo.findOneByOrFail({ id: check.id });
      const penalty = after.status === 'violation' ? await tx.getRepository(PenaltyRow).findOne({ where: { checkId: check.id } }) : null;
      return { ...checkView(after), findings: after.findings, penaltyId: penalty?.id ?? null };
    });
  }

  /**
   * Moves an open check drawn before inspections by name (v1: one task in the detachment's pool) onto v2: one
   * task per drawn inspector. Done when the service starts, and at the latest when a result is recorded.
   */
  private async upgrade(tx: import('typeorm').EntityManager, row: CaseRow, correlationId: string): Promise<void> {
    await this.runtime.apply(
      tx,
      row,
      { type: 'Migrate', toDefinition: SUPERVISION_CHECK_V2, stepMapping: {}, actor: SUPERVISION_SYSTEM },
      { correlationId, input: { reason: 'inspections by name: one task per drawn inspector' } },
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
        await this.upgrade(tx, row, randomUUID());
        moved++;
      });
    }
    if (moved) this.logger.log({ moved }, 'open checks moved onto inspections by name');
    return moved;
  }
}
