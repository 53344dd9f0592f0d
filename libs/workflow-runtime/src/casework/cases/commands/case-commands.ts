import { CommandHandler } from '@nestjs/cqrs';
import { DomainError, invalidRequest } from '@permits/core';
import { RECUSED_ACTION } from '../../../duties/duties';
import type { MigrateDto, RecusalDto, WithdrawDto } from '../../../dto';
import { actorOf, caseContext, idempotencyKey, CaseCommand, CaseCommandHandler } from '../../request';

/** The owning applicant withdraws an application before its decision. */
export class WithdrawApplication extends CaseCommand<WithdrawDto> {}

@CommandHandler(WithdrawApplication)
export class WithdrawApplicationHandler extends CaseCommandHandler<WithdrawApplication> {
  async execute({ user, caseId, body, meta }: WithdrawApplication): Promise<void> {
    await this.queries.visibleCase(caseId, user);
    await this.runtime.execute(
      caseId,
      { type: 'Withdraw', reason: body.reason, actor: actorOf(user), idempotencyKey: idempotencyKey(meta) },
      caseContext(meta, { ...body }),
    );
  }
}

/** An admin suspends a whole case: no task can be completed until it is resumed. */
export class SuspendCase extends CaseCommand<WithdrawDto> {}

@CommandHandler(SuspendCase)
export class SuspendCaseHandler extends CaseCommandHandler<SuspendCase> {
  async execute({ user, caseId, body, meta }: SuspendCase): Promise<void> {
    await this.queries.visibleCase(caseId, user);
    await this.runtime.execute(
      caseId,
      { type: 'SuspendCase', reason: body.reason, actor: actorOf(user), idempotencyKey: idempotencyKey(meta) },
      caseContext(meta, { ...body }),
    );
  }
}

/** An admin resumes a suspended case. */
export class ResumeCase extends CaseCommand {}

@CommandHandler(ResumeCase)
export class ResumeCaseHandler extends CaseCommandHandler<ResumeCase> {
  async execute({ user, caseId, meta }: ResumeCase): Promise<void> {
    await this.queries.visibleCase(caseId, user);
    await this.runtime.execute(caseId, { type: 'ResumeCase', actor: actorOf(user), idempotencyKey: idempotencyKey(meta) }, caseContext(meta));
  }
}

/** An admin moves a running case onto another version of its workflow, with an explicit step mapping. */
export class MigrateCase extends CaseCommand<MigrateDto> {}

@CommandHandler(MigrateCase)
export class MigrateCaseHandler extends CaseCommandHandler<MigrateCase> {
  async execute({ user, caseId, body, meta }: MigrateCase): Promise<void> {
    const row = await this.queries.visibleCase(caseId, user);
    const target = this.runtime.definition(row.definitionKey, body.toVersion);
    if (!target) throw invalidRequest(`toVersion: ${row.definitionKey} has no version ${body.toVersion}`);
    await this.runtime.execute(
      caseId,
      { type: 'Migrate', toDefinition: target, stepMapping: body.stepMapping ?? {}, actor: actorOf(user), idempotencyKey: idempotencyKey(meta) },
      caseContext(meta, { ...body }),
    );
  }
}

/** Staff declare a recusal (回避) on a case: they stand aside from its tasks from then on. */
export class DeclareRecusal extends CaseCommand<RecusalDto> {}

@CommandHandler(DeclareRecusal)
export class DeclareRecusalHandler extends CaseCommandHandler<DeclareRecusal> {
  async execute({ user, caseId, body, meta }: DeclareRecusal): Promise<void> {
    await this.queries.visibleCase(caseId, user);
    const declared = await this.queries.recusedBy(caseId, user.id);
    if (declared) throw new DomainError('CONFLICT', `you already declared a recusal on case ${caseId}`);
    await this.runtime.note(caseId, actorOf(user), RECUSED_ACTION, { reason: body.reason.trim() }, caseContext(meta), (row) => {
      if (row.closedAt) throw new DomainError('INVALID_TRANSITION', `case ${row.id} is closed: nothing to stand aside from`);
    });
  }
}
