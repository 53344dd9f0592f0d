import { Logger } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AuthUser, hasRole } from '@permits/auth';
import { Clock } from '@permits/clock';
import { rowValues } from '@permits/persistence';
import { shanghaiDate } from '@permits/workflow/calendar';
import { AuditRecords, CaseRow, CaseRuntime, recordIntegrityFact } from '@permits/workflow-runtime';
import { CheckRow, PlanRow } from '../../entities';
import { PlanEventRow } from '../plan.entities';
import { periodEnded, plansWithSeed, planView } from '../plan-view';
import { SUPERVISION_SYSTEM } from '../plan-system';
import { DomainError, notFound } from '@permits/core';

export class CancelPlan extends Command<ReturnType<typeof planView>> {
  constructor(
    readonly user: AuthUser,
    readonly planId: string,
    readonly reason: string,
  ) {
    super();
  }
}

/**
 * Cancels a plan (a head of enforcement, or admin) with a reason that is published with it. Its open checks
 * are withdrawn (their inspection tasks leave the inspectors' lists): a cancelled draw is no longer the basis
 * of an inspection. A check whose result was recorded stands, with whatever penalty case it opened: what was
 * found on site is a fact the cancellation does not undo. A plan whose period has ended stands.
 */
@CommandHandler(CancelPlan)
export class CancelPlanHandler implements ICommandHandler<CancelPlan> {
  private readonly logger = new Logger(CancelPlanHandler.name);

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly runtime: CaseRuntime,
    private readonly records: AuditRecords,
  ) {}

  execute({ user, planId, reason }: CancelPlan) {
    return this.cancel(user, planId, reason);
  }

  private async cancel(user: AuthUser, id: string, reason: string) {
    if (!(hasRole(user, 'admin') || (hasRole(user, 'head') && user.dept === 'enforcement')))
      throw new DomainError('FORBIDDEN', 'only a head of enforcement, or an admin, cancels a plan');
    const now = await this.clock.now();
    const today = shanghaiDate(now);
    const text = reason.trim();
    return this.db.transaction(async (tx) => {
      const plan = await plansWithSeed(tx).where('p.id = :id', { id }).setLock('pessimistic_write').getOne();
      if (!plan) throw notFound('plan');
      if (plan.cancelledAt) throw new DomainError('CONFLICT', `plan ${id} was cancelled`);
      if (periodEnded(plan, today)) throw new DomainError('CONFLICT', `the period ${plan.period} has ended: its plan stands`);
      const open = await tx.getRepository(CheckRow).find({ where: { planId: id, status: 'open' }, order: { seq: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      for (const check of open) {
        const row = await tx.getRepository(CaseRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id: check.id }).getOne();
        if (row && row.state.status !== 'completed') {
          await this.runtime.apply(
            tx,
            row,
            { type: 'Withdraw', reason: `plan cancelled: ${text}`, actor: SUPERVISION_SYSTEM },
            { correlationId: id, input: { planCancelled: id, by: user.id, reason: text } },
          );
        }
        await tx.getRepository(CheckRow).update({ id: check.id }, { status: 'cancelled' });
      }
      await tx.getRepository(PlanRow).update({ id }, { cancelledAt: now, cancelledBy: user.id, cancelReason: text });
      await this.records.write(tx, 'plan', id, 'cancelled', user.id);
      // an override the integrity report lists (DOMAIN.md "Integrity": a cancelled plan)
      await recordIntegrityFact(tx, {
        list: 'overrides',
        caseId: id,
        applicationId: null,
        userId: user.id,
        creditCode: '',
        at: now,
        detail: { kind: 'plan_cancelled', period: plan.period, reason: text, checksWithdrawn: open.length },
      });
      await tx
        .getRepository(PlanEventRow)
        .insert(rowValues<PlanEventRow>({ planId: id, at: now, actor: user.id, action: 'cancelled', detail: { reason: text, checksWithdrawn: open.length } }));
      this.logger.log({ planId: id, by: user.id, checksWithdrawn: open.length }, 'supervision plan cancelled');
      const checks = await tx.getRepository(CheckRow).find({ where: { planId: id }, order: { seq: 'ASC' } });
      return planView({ ...plan, cancelledAt: now, cancelledBy: user.id, cancelReason: text }, today, checks);
    });
  }
}
