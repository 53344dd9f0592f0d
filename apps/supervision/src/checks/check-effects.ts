import type { KindEffects } from '../kind-effects';
import { rowValues } from '@permits/persistence';
import { WorkflowEvent } from '@permits/workflow/engine';
import { CheckRow, EntityHistoryRow, RegulatedEntityRow } from '../entities';
import { openPenalty } from '../penalties/open-penalty';

/**
 * What a check's case changes besides itself: split results make it `disputed` (a review by a head of
 * enforcement follows); its end closes it `compliant` or `violation`, dates the entity's last inspection,
 * and a violation opens a penalty case. Withdrawn (its plan cancelled) it is `cancelled`, and nothing follows.
 */
export const checkEffects: KindEffects = async ({ tx, runtime, row, events, ctx, now, today }) => {
  const disputed = events.some((e) => e.type === 'StepEntered' && e.stepId === 'review');
  const done = events.find((e) => e.type === 'CaseCompleted');
  if (!disputed && !done) return;
  const repo = tx.getRepository(CheckRow);
  const check = await repo.findOne({ where: { id: row.id }, lock: { mode: 'pessimistic_write' } });
  if (!check || (check.status !== 'open' && check.status !== 'disputed')) return;
  if (!done || done.type !== 'CaseCompleted') {
    await repo.update({ id: check.id }, { status: 'disputed' });
    return;
  }
  if (done.result === 'withdrawn') {
    // its plan was cancelled before a result stood: no inspection happened, nothing follows (never a penalty)
    await repo.update({ id: check.id }, { status: 'cancelled' });
    return;
  }
  const status = done.result === 'approved' ? 'compliant' : 'violation';
  const closing = events.find((e) => e.type === 'TaskCompleted');
  const findings = collectFindings(check, events);
  await repo.update({ id: check.id }, { status, findings, recordedBy: closing?.type === 'TaskCompleted' ? closing.by : null, recordedAt: now });
  let penaltyId: string | null = null;
  if (status === 'violation') {
    penaltyId = await openPenalty(
      tx,
      runtime,
      now,
      today,
      { source: 'check', checkId: check.id, creditCode: check.creditCode, investigators: check.inspectors, findings },
      ctx,
    );
  }
  const entity = await tx.getRepository(RegulatedEntityRow).findOne({ where: { creditCode: check.creditCode }, lock: { mode: 'pessimistic_write' } });
  if (entity) {
    await tx.getRepository(RegulatedEntityRow).update({ creditCode: entity.creditCode }, { lastInspectedOn: today, updatedAt: now });
    await tx.getRepository(EntityHistoryRow).insert(
      rowValues<EntityHistoryRow>({
        creditCode: entity.creditCode,
        at: now,
        actor: closing?.type === 'TaskCompleted' ? closing.by : 'system:supervision',
        action: `inspected_${status}`,
        detail: { checkId: check.id, penaltyId },
      }),
    );
  }
};

/** The inspectors' findings (and a review's reasons), in the order recorded. */
function collectFindings(check: CheckRow, events: WorkflowEvent[]): string | null {
  const parts = Object.entries(check.results ?? {})
    .sort(([, a], [, b]) => a.at.localeCompare(b.at))
    .flatMap(([, r]) => (r.findings ? [r.findings] : []));
  for (const e of events) if (e.type === 'TaskCompleted' && e.kind === 'review' && e.comment) parts.push(e.comment);
  return parts.length ? [...new Set(parts)].join('\n') : null;
}
