import type { KindEffects } from '../kind-effects';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Jobs } from '@permits/contracts/jobs';
import { addNotice, rowValues } from '@permits/persistence';
import { WorkingCalendar } from '@permits/workflow/calendar';
import { shanghaiMidnight, upsertTimers } from '@permits/workflow-runtime';
import { EntityHistoryRow, PenaltyRow, RegulatedEntityRow } from '../entities';

/** Working days within which a penalty decision is published (DOMAIN.md "Supervision"). */
export const PUBLISH_PENALTY_WITHIN_WORKING_DAYS = 7;
/** Working days the enterprise has to state its defence (art. 44/45), and to ask for a hearing (art. 64). */
export const STATEMENT_WORKING_DAYS = 3;
export const HEARING_REQUEST_WORKING_DAYS = 5;
/** Years a penalty keeps an entity off the positive list. */
export const PENALTY_YEARS_OFF_LIST = 2;
export const PENALTY_PUBLICATION_TIMER = 'penalty_publication_due';

/** The last day to publish a decision of `decidedOn`, and the instant its alert falls due (the start of the day after). */
export function publicationDeadline(calendar: WorkingCalendar, decidedOn: string): { publishBy: string; dueAt: Date } {
  const publishBy = calendar.addWorkingDays(decidedOn, PUBLISH_PENALTY_WITHIN_WORKING_DAYS);
  return { publishBy, dueAt: shanghaiMidnight(calendar.addCalendarDays(publishBy, 1)) };
}

export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y + years, m - 1, d));
  if (t.getUTCDate() !== d) t.setUTCDate(0); // 29 February → 28 February
  return t.toISOString().slice(0, 10);
}

/** The number of a penalty decision: 环罚决字〔year〕N号, N from the service's sequence. */
async function nextDecisionNo(tx: EntityManager, today: string): Promise<string> {
  const [{ n }] = (await tx.query(`SELECT nextval('penalty_decision_seq')::int AS n`)) as { n: number }[];
  return `环罚决字〔${today.slice(0, 4)}〕${n}号`;
}

/**
 * What a penalty case changes besides itself: the notice to the enterprise when the legal review approves
 * the proposal (`penalty_notice`, with the periods for its statement and hearing request); on the decision
 * its number, the entity off the positive list for two years, the publication deadline (7 working days,
 * a durable timer); closed without a penalty, the open violation ends.
 */
export const penaltyEffects: KindEffects = async ({ tx, row, events, ctx, now, today, calendar }) => {
  const noticed = events.find((e) => e.type === 'StepEntered' && (e.stepId === 'statement_period' || e.stepId === 'hearing_period'));
  const done = events.find((e) => e.type === 'CaseCompleted');
  if (!noticed && !done) return;
  const repo = tx.getRepository(PenaltyRow);
  const penalty = await repo.findOne({ where: { id: row.id }, lock: { mode: 'pessimistic_write' } });
  if (!penalty || penalty.status !== 'open') return;
  const correlationId = ctx.correlationId || randomUUID();
  if (noticed?.type === 'StepEntered') {
    const statementDue = calendar.addWorkingDays(today, STATEMENT_WORKING_DAYS);
    const hearingDue = noticed.stepId === 'hearing_period' ? calendar.addWorkingDays(today, HEARING_REQUEST_WORKING_DAYS) : null;
    await repo.update({ id: row.id }, { statementDue, hearingDue });
    const data = {
      facts: penalty.facts,
      legalBasis: penalty.legalBasis,
      sanction: penalty.sanction,
      statementDue,
      hearingDue,
      rights: hearingDue ? ['statement', 'defence', 'hearing'] : ['statement', 'defence'],
    };
    await addNotice(tx, { kind: 'penalty_notice', applicationId: row.id, correlationId, recipients: { creditCodes: [penalty.creditCode] }, data });
  }
  if (done?.type !== 'CaseCompleted') return;
  const decided = done.result === 'approved';
  const decision = events.find((e) => e.type === 'TaskCompleted' && e.stepId === 'decision');
  const deadline = decided ? publicationDeadline(calendar, today) : null;
  const publishBy = deadline?.publishBy ?? null;
  const decisionNo = decided ? await nextDecisionNo(tx, today) : null;
  await repo.update(
    { id: row.id },
    { status: decided ? 'decided' : 'dismissed', decidedOn: today, publishBy, decisionNo, decidedBy: decision?.type === 'TaskCompleted' ? decision.by : null },
  );
  const entity = await tx.getRepository(RegulatedEntityRow).findOne({ where: { creditCode: penalty.creditCode }, lock: { mode: 'pessimistic_write' } });
  if (entity) {
    const penaltyUntil = decided ? addYears(today, PENALTY_YEARS_OFF_LIST) : entity.penaltyUntil;
    await tx
      .getRepository(RegulatedEntityRow)
      .update({ creditCode: entity.creditCode }, { openViolations: Math.max(0, entity.openViolations - 1), penaltyUntil, updatedAt: now });
    await tx.getRepository(EntityHistoryRow).insert(
      rowValues<EntityHistoryRow>({
        creditCode: entity.creditCode,
        at: now,
        actor: 'system:penalty',
        action: decided ? 'penalty_decided' : 'penalty_dismissed',
        detail: { penaltyId: row.id, penaltyUntil, decisionNo },
      }),
    );
  }
  if (deadline) {
    // the alert falls due at the start of the day after the last day to publish
    const { dueAt } = deadline;
    await upsertTimers(
      tx,
      Jobs.TimerDue.supervision,
      [{ id: `${row.id}:${PENALTY_PUBLICATION_TIMER}`, caseId: row.id, kind: PENALTY_PUBLICATION_TIMER, dueAt, data: { publishBy, decidedOn: today } }],
      now,
      ctx.correlationId,
    );
    await addNotice(tx, {
      kind: 'decision',
      applicationId: row.id,
      correlationId,
      recipients: { creditCodes: [penalty.creditCode] },
      data: { result: 'penalty', decisionNo, sanction: penalty.sanction, publishBy },
    });
  }
};
