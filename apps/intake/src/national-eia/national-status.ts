import { EntityManager } from 'typeorm';
import type { ApplicationStatus } from '@permits/contracts/enums';
import { NATIONAL_EIA_CHANNEL } from '@permits/contracts/jobs';
import { addNationalStatusPush } from '@permits/persistence';
import { ApplicationRow } from '../applications/application.entity';

/**
 * Intake's share of the status pushes to the national EIA system: the statuses an application takes while it is
 * at the window (submitted, correction_requested, not_accepted, accepted, withdrawn), written as an outbox row to
 * the queue eia-review's worker pushes from, in the transaction of the change. Once the case is handed over,
 * eia-review pushes its own changes (apps/eia-review/src/national-eia/status-push.ts explains the whole design).
 */
export async function pushStatusIfNational(
  tx: EntityManager,
  applicationId: string,
  status: ApplicationStatus,
  at: Date,
  correlationId: string,
): Promise<void> {
  const app = await tx.getRepository(ApplicationRow).findOne({ where: { id: applicationId }, select: { id: true, channel: true } });
  if (app?.channel !== NATIONAL_EIA_CHANNEL) return;
  await addNationalStatusPush(tx, applicationId, status, at, correlationId);
}
