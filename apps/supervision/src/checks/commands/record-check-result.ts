import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AuthUser } from '@permits/auth';
import { Clock } from '@permits/clock';
import { SUPERVISION_CHECK_V2 } from '@permits/workflow/definitions';
import { CaseRow, CaseRuntime } from '@permits/workflow-runtime';
import { CheckRow, PenaltyRow } from '../../entities';
import { upgradeCheck } from '../check-upgrade';
import { CHECK_RESULT_CHANNEL } from '../check-rules';
import { checkView } from '../check-view';
import { DomainError, notFound } from '@permits/core';

type CheckResultView = ReturnType<typeof checkView> & { findings: string | null; penaltyId: string | null };

export class RecordCheckResult extends Command<CheckResultView> {
  constructor(
    readonly user: AuthUser,
    readonly checkId: string,
    readonly body: { outcome: 'compliant' | 'violation'; findings?: string },
    readonly correlationId: string,
  ) {
    super();
  }
}

/**
 * One inspector's result (their own inspection task, completed through the runtime in one transaction with
 * the check row): 403 for anyone not drawn for the check, 409 for an inspector who already recorded or a
 * check no longer open. The check closes (and a violation opens its penalty) in the case's effects.
 */
@CommandHandler(RecordCheckResult)
export class RecordCheckResultHandler implements ICommandHandler<RecordCheckResult> {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly runtime: CaseRuntime,
  ) {}

  async execute({ user, checkId, body, correlationId }: RecordCheckResult): Promise<CheckResultView> {
    const findings = body.findings?.trim() || null;
    if (body.outcome === 'violation' && !findings) throw new DomainError('VALIDATION_FAILED', ['findings must say what was found: a violation needs them']);
    const now = await this.clock.now();
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(CheckRow);
      const check = await repo.findOne({ where: { id: checkId }, lock: { mode: 'pessimistic_write' } });
      if (!check) throw notFound('check');
      if (!check.inspectors.includes(user.id)) throw new DomainError('FORBIDDEN', 'only the inspectors drawn for this check record its result');
      if (check.results?.[user.id]) throw new DomainError('CONFLICT', 'you have recorded your result of this check');
      if (check.status !== 'open') throw new DomainError('CONFLICT', `this check is ${check.status}`);
      const row = await tx.getRepository(CaseRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id: check.id }).getOneOrFail();
      if (row.definitionVersion < SUPERVISION_CHECK_V2.version) await upgradeCheck(this.runtime, tx, row, correlationId);
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
}
