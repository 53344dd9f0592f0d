import type { KindEffects } from '../kind-effects';
import { openPenalty } from '../penalties/open-penalty';

/**
 * An alarm verification that confirms the exceedance closes the loop (DOMAIN.md "Supervision"): it opens a
 * penalty case (source `alarm`, investigated by whoever verified it), which is an open violation of the entity.
 */
export const alarmEffects: KindEffects = async ({ tx, runtime, row, events, ctx, now, today }) => {
  const done = events.find((e) => e.type === 'CaseCompleted');
  if (done?.type !== 'CaseCompleted' || done.result !== 'approved') return;
  const verified = events.find((e) => e.type === 'TaskCompleted' && e.stepId === 'verification');
  const d = row.state.data;
  const findings =
    verified?.type === 'TaskCompleted' && verified.comment
      ? verified.comment
      : `${String(d.pollutant)} ${String(d.value)} ${String(d.unit)} over the limit ${String(d.limit)} at outlet ${String(d.outlet)} (${String(d.at)})`;
  await openPenalty(
    tx,
    runtime,
    now,
    today,
    {
      source: 'alarm',
      alarmId: String(d.alarmId),
      creditCode: row.applicantCreditCode,
      investigators: verified?.type === 'TaskCompleted' ? [verified.by] : [],
      findings,
    },
    ctx,
  );
};
