import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AuthUser, hasRole } from '@permits/auth';
import { Clock } from '@permits/clock';
import { CaseRuntime } from '@permits/workflow-runtime';
import { PenaltyRow } from '../../entities';
import { actorOf, PenaltyCases } from '../penalty-cases';
import { penaltyView, publicPenaltyView } from '../penalty-view';
import { DomainError } from '@permits/core';

export class PublishPenalty extends Command<ReturnType<typeof penaltyView>> {
  constructor(
    readonly user: AuthUser,
    readonly penaltyId: string,
    readonly correlationId: string,
  ) {
    super();
  }
}

/** Publishes a decided penalty (a head of enforcement, or admin), with its audit entry. */
@CommandHandler(PublishPenalty)
export class PublishPenaltyHandler implements ICommandHandler<PublishPenalty> {
  constructor(
    private readonly cases: PenaltyCases,
    private readonly clock: Clock,
    private readonly runtime: CaseRuntime,
  ) {}

  async execute({ user, penaltyId: id, correlationId }: PublishPenalty) {
    if (!(hasRole(user, 'admin') || (hasRole(user, 'head') && user.dept === 'enforcement')))
      throw new DomainError('FORBIDDEN', 'only a head of enforcement, or an admin, publishes a penalty decision');
    const now = await this.clock.now();
    const p = await this.cases.onCase(id, async (tx, p, row) => {
      if (p.status !== 'decided') throw new DomainError('CONFLICT', `penalty ${id} is ${p.status}: only a decided penalty is published`);
      if (p.publishedAt) throw new DomainError('CONFLICT', `penalty ${id} was published`);
      await tx.getRepository(PenaltyRow).update({ id }, { publishedAt: now, publishedBy: user.id });
      const published = { ...p, publishedAt: now, publishedBy: user.id };
      await this.runtime.record(tx, row, actorOf(user), 'penalty_published', { correlationId, input: publicPenaltyView(published) });
      return published;
    });
    return penaltyView(p, true);
  }
}
