import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AuthUser, hasRole } from '@permits/auth';
import { Clock } from '@permits/clock';
import { shanghaiDate } from '@permits/workflow/calendar';
import { EntityHistoryRow, RegulatedEntityRow } from '../../entities';
import type { RiskClass } from '../../plans/draw';
import { entityView } from '../positive-list';
import { DomainError, notFound } from '@permits/core';

export class ClassifyEntity extends Command<ReturnType<typeof entityView>> {
  constructor(
    readonly user: AuthUser,
    readonly creditCode: string,
    readonly body: { riskClass?: RiskClass; onlineMonitoring?: boolean },
  ) {
    super();
  }
}

/** Risk class and online monitoring, set by a head of enforcement or pollution (or admin); every change is kept. */
@CommandHandler(ClassifyEntity)
export class ClassifyEntityHandler implements ICommandHandler<ClassifyEntity> {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute({ user, creditCode, body }: ClassifyEntity) {
    if (!(hasRole(user, 'admin') || (hasRole(user, 'head') && (user.dept === 'enforcement' || user.dept === 'pollution')))) {
      throw new DomainError('FORBIDDEN', 'only a head of enforcement or pollution, or an admin, sets risk class and online monitoring');
    }
    const now = await this.clock.now();
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(RegulatedEntityRow);
      const e = await repo.findOne({ where: { creditCode }, lock: { mode: 'pessimistic_write' } });
      if (!e) throw notFound('regulated entity');
      const change: Partial<RegulatedEntityRow> = { updatedAt: now };
      if (body.riskClass !== undefined) Object.assign(change, { riskClass: body.riskClass, riskClassSetByStaff: true });
      if (body.onlineMonitoring !== undefined) change.onlineMonitoring = body.onlineMonitoring;
      await repo.update({ creditCode }, change);
      await tx.getRepository(EntityHistoryRow).insert({
        creditCode,
        at: now,
        actor: user.id,
        action: 'classified',
        detail: {
          before: { riskClass: e.riskClass, onlineMonitoring: e.onlineMonitoring },
          after: { riskClass: body.riskClass ?? e.riskClass, onlineMonitoring: body.onlineMonitoring ?? e.onlineMonitoring },
        },
      });
      return entityView(await repo.findOneByOrFail({ creditCode }), shanghaiDate(now));
    });
  }
}
