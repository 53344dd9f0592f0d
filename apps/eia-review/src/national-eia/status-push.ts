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
// The push itself is written by `addNationalStatusPush` (libs/persistence), shared with intake.
import { NATIONAL_EIA_CHANNEL } from '@permits/contracts/jobs';
import type { CaseRow } from '@permits/workflow-runtime';

/** A case that came from the national system: intake's handover puts the application's channel in the case data. */
export const isNationalEiaCase = (row: CaseRow): boolean => row.state.data.channel === NATIONAL_EIA_CHANNEL;
