import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { CheckRow, PlanRow } from '../entities';
import { DrawGroup } from './draw';
import { DomainError } from '@permits/core';

export interface PlanParams {
  period: string;
  ratios: Record<DrawGroup, number>;
  inspectorsPerCheck: number;
}

/** The last day of a period `YYYY-Qn`. */
export function periodEnd(period: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!m) throw new DomainError('INVALID_INPUT', 'period must look like 2026-Q3');
  const end = new Date(Date.UTC(Number(m[1]), Number(m[2]) * 3, 0));
  return end.toISOString().slice(0, 10);
}

/** Whether the period of a plan has ended (the day after its last day, Asia/Shanghai): then its seed and draw are public. */
export function periodEnded(plan: Pick<PlanRow, 'dueDate'>, today: string): boolean {
  return today > plan.dueDate;
}

/** The plans, with their seed column (never selected by default). */
export function plansWithSeed(m: EntityManager | DataSource, alias = 'p'): SelectQueryBuilder<PlanRow> {
  return m.getRepository(PlanRow).createQueryBuilder(alias).addSelect(`${alias}.seed`);
}

/** A plan as staff see it: the draw and its checks; the seed only once the period has ended. */
export function planView(plan: PlanRow, today: string, checks: CheckRow[]) {
  return { ...planSummary(plan, today), checks: checks.map((c) => ({ id: c.id, creditCode: c.creditCode, inspectors: c.inspectors, offSite: c.offSite })) };
}

/** What a plan says of itself, to staff and the public alike (no entity, no inspector). */
export function planSummary(plan: PlanRow, today: string) {
  const ended = periodEnded(plan, today);
  const p = plan.inputs as unknown as PlanParams;
  return {
    id: plan.id,
    name: plan.name,
    period: plan.period,
    status: plan.cancelledAt ? ('cancelled' as const) : ('drawn' as const),
    ratios: p.ratios,
    inspectorsPerCheck: p.inspectorsPerCheck,
    counts: plan.counts,
    seedCommitment: plan.seedCommitment,
    seedCommittedAtDraw: plan.seedCommitted,
    seed: ended ? plan.seed : null,
    periodEnded: ended,
    inputsHash: plan.inputsHash,
    algorithm: plan.algorithm,
    drawnAt: plan.drawnAt.toISOString(),
    dueDate: plan.dueDate,
    cancelledAt: plan.cancelledAt?.toISOString() ?? null,
    cancelReason: plan.cancelReason,
  };
}
