import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AuthUser } from '@permits/auth';
import { Clock } from '@permits/clock';
import { SupervisionConfig } from '@permits/config';
import { shanghaiDate } from '@permits/workflow/calendar';
import { CaseRuntime } from '@permits/workflow-runtime';
import { PenaltyRow } from '../../entities';
import { actorOf, ownEnterprise, PenaltyCases } from '../penalty-cases';
import { penaltyView } from '../penalty-view';
import { DomainError, notFound } from '@permits/core';

export class RequestHearing extends Command<ReturnType<typeof penaltyView>> {
  constructor(
    readonly user: AuthUser,
    readonly penaltyId: string,
    readonly correlationId: string,
  ) {
    super();
  }
}

/** The enterprise asks for a hearing: a fine of at least HEARING_THRESHOLD_YUAN, within 5 working days of the notice. */
@CommandHandler(RequestHearing)
export class RequestHearingHandler implements ICommandHandler<RequestHearing> {
  constructor(
    private readonly cases: PenaltyCases,
    private readonly clock: Clock,
    private readonly runtime: CaseRuntime,
    private readonly config: SupervisionConfig,
  ) {}

  async execute({ user, penaltyId: id, correlationId }: RequestHearing) {
    const today = shanghaiDate(await this.clock.now());
    const p = await this.cases.onCase(id, async (tx, p, row) => {
      if (!ownEnterprise(user, p)) throw notFound('penalty');
      if (p.hearingRequested) throw new DomainError('CONFLICT', 'a hearing was requested');
      if (!p.hearingDue || row.state.currentStepId !== 'hearing_period' || row.state.status !== 'running') {
        throw new DomainError(
          'INVALID_TRANSITION',
          `a hearing is asked for a fine of at least ${this.config.HEARING_THRESHOLD_YUAN} yuan, after the notice and within its period`,
        );
      }
      if (today > p.hearingDue) throw new DomainError('INVALID_TRANSITION', `the period to ask for a hearing ended on ${p.hearingDue}`);
      await tx.getRepository(PenaltyRow).update({ id }, { hearingRequested: true });
      await this.runtime.record(tx, row, actorOf(user), 'hearing_requested', { correlationId, input: {} }, { hearingRequested: true });
      return { ...p, hearingRequested: true };
    });
    return penaltyView(p, false);
  }
}
