import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { ApplicationStatus } from '@permits/contracts/enums';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { addToOutbox, rowValues } from '@permits/persistence';
import { shanghaiDate } from '@permits/workflow/calendar';
import { WorkflowEvent } from '@permits/workflow/engine';
import { BundledCalendar, CaseContext, CaseEffects, CaseRow, shanghaiMidnight, upsertTimers } from '@permits/workflow-runtime';
import { Clock } from '@permits/clock';
import { EntityHistoryRow, PenaltyRow, RegulatedEntityRow } from './entities';

/** Working days within which a penalty decision is published (DOMAIN.md "Supervision"). */
export const PUBLISH_PENALTY_WITHIN_WORKING_DAYS = 7;
/** Years a penalty keeps an entity off the positive list. */
export const PENALTY_YEARS_OFF_LIST = 2;
export const PENALTY_PUBLICATION_TIMER = 'penalty_publication_due';

export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y + years, m - 1, d));
  if (t.getUTCDate() !== d) t.setUTCDate(0); // 29 February → 28 February
  return t.toISOString().slice(0, 10);
}

export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(d, last));
  return t.toISOString().slice(0, 10);
}

/**
 * What supervision adds to a command's transaction: a penalty case decided takes its entity off the positive
 * list for two years and arms the publication deadline (7 working days, a durable timer); one closed without a
 * penalty ends the open violation.
 */
@Injectable()
export class SupervisionEffects implements CaseEffects {
  constructor(
    private readonly clock: Clock,
    private readonly calendar: BundledCalendar,
  ) {}

  statusOf(row: CaseRow): ApplicationStatus {
    const s = row.state;
    if (s.status !== 'completed') return 'in_review';
    return s.result === 'approved' ? 'approved' : s.result === 'withdrawn' ? 'withdrawn' : 'denied';
  }

  async apply(tx: EntityManager, row: CaseRow, events: WorkflowEvent[], ctx: CaseContext): Promise<void> {
    if (row.definitionKey !== 'supervision_penalty') return;
    const done = events.find((e) => e.type === 'CaseCompleted');
    if (!done || done.type !== 'CaseCompleted') return;
    const now = await this.clock.now();
    const today = shanghaiDate(now);
    const penalty = await tx.getRepository(PenaltyRow).findOne({ where: { id: row.id }, lock: { mode: 'pessimistic_write' } });
    if (!penalty || penalty.status !== 'open') return;
    const decided = done.result === 'approved';
    const publishBy = decided ? this.calendar.get().addWorkingDays(today, PUBLISH_PENALTY_WITHIN_WORKING_DAYS) : null;
    await tx.getRepository(PenaltyRow).update({ id: row.id }, { status: decided ? 'decided' : 'dismissed', decidedOn: today, publishBy });
    const entity = await tx.getRepository(RegulatedEntityRow).findOne({ where: { creditCode: penalty.creditCode }, lock: { mode: 'pessimistic_write' } });
    if (entity) {
      const penaltyUntil = decided ? addYears(today, PENALTY_YEARS_OFF_LIST) : entity.penaltyUntil;
      await tx.getRepository(RegulatedEntityRow).update({ creditCode: entity.creditCode }, { openViolations: Math.max(0, entity.openViolations - 1), penaltyUntil, updatedAt: now });
      await tx.getRepository(EntityHistoryRow).insert(rowValues<EntityHistoryRow>({ creditCode: entity.creditCode, at: now, actor: 'system:penalty', action: decided ? 'penalty_decided' : 'penalty_dismissed', detail: { penaltyId: row.id, penaltyUntil } }));
    }
    if (decided && publishBy) {
      // the alert falls due at the start of the day after the last day to publish
      const dueAt = shanghaiMidnight(this.calendar.get().addCalendarDays(publishBy, 1));
      await upsertTimers(tx, Jobs.TimerDue.supervision, [{ id: `${row.id}:${PENALTY_PUBLICATION_TIMER}`, caseId: row.id, kind: PENALTY_PUBLICATION_TIMER, dueAt, data: { publishBy } }], now, ctx.correlationId);
      await addToOutbox(tx, Queues.Notification, Jobs.Notify, { kind: 'decision', applicationId: row.id, correlationId: ctx.correlationId || randomUUID(), recipients: { creditCodes: [penalty.creditCode] }, data: { result: 'penalty', publishBy } }, { correlationId: ctx.correlationId });
    }
  }
}
