import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AuthUser } from '@permits/auth';
import { Clock } from '@permits/clock';
import { shanghaiDate } from '@permits/workflow/calendar';
import { CaseRuntime } from '@permits/workflow-runtime';
import { PenaltyRow } from '../../entities';
import { actorOf, MAX_STATEMENTS, NOTICE_STEPS, ownEnterprise, PenaltyCases } from '../penalty-cases';
import { penaltyView } from '../penalty-view';
import { DomainError, notFound } from '@permits/core';

export class FileStatement extends Command<ReturnType<typeof penaltyView>> {
  constructor(
    readonly user: AuthUser,
    readonly penaltyId: string,
    readonly text: string,
    readonly correlationId: string,
  ) {
    super();
  }
}

/** The enterprise states its defence (own enterprise, by the statement's last day, while it has been told). */
@CommandHandler(FileStatement)
export class FileStatementHandler implements ICommandHandler<FileStatement> {
  constructor(
    private readonly cases: PenaltyCases,
    private readonly clock: Clock,
    private readonly runtime: CaseRuntime,
  ) {}

  async execute({ user, penaltyId: id, text, correlationId }: FileStatement) {
    const now = await this.clock.now();
    const today = shanghaiDate(now);
    const p = await this.cases.onCase(id, async (tx, p, row) => {
      if (!ownEnterprise(user, p)) throw notFound('penalty');
      if (!p.statementDue || !NOTICE_STEPS.includes(row.state.currentStepId) || row.state.status !== 'running')
        throw new DomainError('INVALID_TRANSITION', 'statements are taken between the notice and the end of the statement period');
      if (today > p.statementDue) throw new DomainError('INVALID_TRANSITION', `the statement period ended on ${p.statementDue}`);
      if ((p.statements ?? []).length >= MAX_STATEMENTS) throw new DomainError('CONFLICT', `a penalty takes at most ${MAX_STATEMENTS} statements`);
      const statements = [...(p.statements ?? []), { at: now.toISOString(), by: user.id, text }];
      await tx.getRepository(PenaltyRow).update({ id }, { statements });
      await this.runtime.record(tx, row, actorOf(user), 'statement_filed', { correlationId, input: { text } });
      return { ...p, statements };
    });
    return penaltyView(p, false);
  }
}
