// Status pushes to the national EIA system (API.md: "Every status change of such an application is pushed …").
//
// Where each push starts: the service whose transaction changes the status writes the push as an outbox row in
// that same transaction, so a status change and its push commit together or not at all.
//   - intake, while the application is at the window: submitted (on import, and again after a supplement),
//     correction_requested, not_accepted, accepted, withdrawn (apps/intake/src/national-eia/);
//   - eia-review, once it holds the case: in_review, approved, denied, withdrawn (EiaEffects).
// Both send the message to the queue national-eia, which only eia-review's worker consumes
// (NationalStatusPushHandler): it looks up the declarationId, signs and POSTs {base}/status, and lets BullMQ retry
// (capped exponential backoff, ~a week, then a dead letter) until the national system answers 2xx.
//
// Order: delivery is at least once and not in order (a retried push can arrive after a later one). Each push
// carries `at`, the instant of the change on the service clock; the national side keeps, per declarationId, the
// status with the latest `at` and ignores older or repeated pushes.
import { EntityManager } from 'typeorm';
import type { ApplicationStatus } from '@permits/contracts/enums';
import { Jobs, NATIONAL_EIA_CHANNEL, Queues } from '@permits/contracts/jobs';
import { addToOutbox } from '@permits/persistence';
import type { CaseRow } from '@permits/workflow-runtime';

/** A case that came from the national system: intake's handover puts the application's channel in the case data. */
export const isNationalEiaCase = (row: CaseRow): boolean => row.state.data.channel === NATIONAL_EIA_CHANNEL;

export async function addNationalStatusPush(
  tx: EntityManager,
  applicationId: string,
  status: ApplicationStatus,
  at: Date,
  correlationId: string,
): Promise<void> {
  await addToOutbox(tx, Queues.NationalEia, Jobs.NationalEiaStatus, { applicationId, correlationId, status, at: at.toISOString() }, { correlationId });
}
