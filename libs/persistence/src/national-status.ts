import { EntityManager } from 'typeorm';
import type { ApplicationStatus } from '@permits/contracts/enums';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { addToOutbox } from './outbox';

/**
 * An application's new status for the national EIA unified system, written as an outbox row in the transaction of
 * the change, to the queue eia-review's worker pushes from. Intake writes the statuses an application takes at the
 * window, eia-review its own after the handover (apps/eia-review/src/national-eia/status-push.ts: the whole design).
 */
export async function addNationalStatusPush(
  tx: EntityManager,
  applicationId: string,
  status: ApplicationStatus,
  at: Date,
  correlationId: string,
): Promise<void> {
  await addToOutbox(tx, Queues.NationalEia, Jobs.NationalEiaStatus, { applicationId, correlationId, status, at: at.toISOString() }, { correlationId });
}
