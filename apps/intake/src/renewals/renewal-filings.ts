// Deemed renewal, whole (Administrative License Law art. 50; API.md "Permits"): the register's service learns of every
// renewal intake receives, in the submission's transaction, so a licence that ends with one pending is deemed renewed
// wherever the renewal stands (still at the window included); and of a renewal that ends at the window.
import { EntityManager } from 'typeorm';
import type { LicenseType, SubItemKind } from '@permits/contracts/enums';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { addToOutbox } from '@permits/persistence';
import type { ApplicationRow } from '../applications/application.entity';

/** A renewal of a licence in the register (the discharge-permit service's): EIA approvals have none. */
export function isRegisterRenewal(sub: { kind: SubItemKind; licenseType: LicenseType }, project: Record<string, unknown>): boolean {
  return sub.kind === 'renewal' && sub.licenseType !== 'eia_approval' && typeof project.permitNo === 'string';
}

export async function announceRenewal(
  tx: EntityManager,
  app: Pick<ApplicationRow, 'id' | 'creditCode' | 'project' | 'receivedOn'>,
  correlationId: string,
): Promise<void> {
  await addToOutbox(
    tx,
    Queues.DischargePermit,
    Jobs.RenewalFiled,
    { applicationId: app.id, correlationId, permitNo: String(app.project.permitNo), creditCode: app.creditCode, filedOn: app.receivedOn },
    { correlationId },
  );
}

/** The renewal ended at the window (not accepted, withdrawn): no longer pending at the licence's end. */
export async function renewalEndedAtWindow(
  tx: EntityManager,
  applicationId: string,
  status: 'not_accepted' | 'withdrawn',
  correlationId: string,
): Promise<void> {
  await addToOutbox(tx, Queues.DischargePermit, Jobs.RenewalEnded, { applicationId, correlationId, status }, { correlationId });
}
