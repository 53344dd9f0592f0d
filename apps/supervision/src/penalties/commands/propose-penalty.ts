import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AuthUser, hasRole } from '@permits/auth';
import { SupervisionConfig } from '@permits/config';
import { CaseRuntime } from '@permits/workflow-runtime';
import { PenaltyRow, Sanction } from '../../entities';
import { ProposalDto } from '../dto';
import { actorOf, PenaltyCases } from '../penalty-cases';
import { penaltyView } from '../penalty-view';
import { DomainError } from '@permits/core';

export class ProposePenalty extends Command<ReturnType<typeof penaltyView>> {
  constructor(
    readonly user: AuthUser,
    readonly penaltyId: string,
    readonly body: ProposalDto,
    readonly correlationId: string,
  ) {
    super();
  }
}

/** The legal section's proposal, while its legal review is open: facts, legal basis, sanction. */
@CommandHandler(ProposePenalty)
export class ProposePenaltyHandler implements ICommandHandler<ProposePenalty> {
  constructor(
    private readonly cases: PenaltyCases,
    private readonly runtime: CaseRuntime,
    private readonly config: SupervisionConfig,
  ) {}

  async execute({ user, penaltyId: id, body, correlationId }: ProposePenalty) {
    if (user.dept !== 'legal' || !hasRole(user, 'officer', 'head')) throw new DomainError('FORBIDDEN', 'the legal affairs section proposes a penalty');
    const sanction: Sanction = { kind: body.sanction.kind, amountYuan: body.sanction.kind === 'fine' ? (body.sanction.amountYuan ?? null) : null };
    if (body.sanction.kind !== 'fine' && body.sanction.amountYuan != null) throw new DomainError('INVALID_INPUT', 'sanction.amountYuan goes with a fine only');
    const hearingEligible = sanction.kind === 'fine' && (sanction.amountYuan ?? 0) >= this.config.HEARING_THRESHOLD_YUAN;
    const p = await this.cases.onCase(id, async (tx, p, row) => {
      if (row.state.currentStepId !== 'legal_review' || row.state.status !== 'running')
        throw new DomainError('INVALID_TRANSITION', 'a proposal is made during the legal review');
      const proposal = { facts: body.facts, legalBasis: body.legalBasis, sanction };
      await tx.getRepository(PenaltyRow).update({ id }, { ...proposal, proposedBy: user.id });
      await this.runtime.record(tx, row, actorOf(user), 'penalty_proposed', { correlationId, input: { ...proposal, hearingEligible } }, { hearingEligible });
      return { ...p, ...proposal, proposedBy: user.id };
    });
    return penaltyView(p, true);
  }
}
