import { EntityManager } from 'typeorm';
import { Jobs } from '@permits/contracts/jobs';
import { addToOutbox } from '@permits/persistence';
import { PermitRow } from './permit.entity';

export type RegisterAction = 'issued' | 'renewed' | 'changed' | 'cancelled' | 'expired' | 'revoked';

/**
 * Tells supervision that a permit or registration changed (its register of regulated entities follows these
 * messages alone), through the outbox, in the transaction of the change.
 */
export async function publishRegisterChange(
  tx: EntityManager,
  permit: Pick<PermitRow, 'permitNo' | 'creditCode' | 'holderName' | 'licenseType' | 'managementCategory' | 'validTo'>,
  action: RegisterAction,
  status: string,
  at: Date,
  correlationId: string,
): Promise<void> {
  await addToOutbox(
    tx,
    Jobs.PermitRegisterChanged.queue,
    Jobs.PermitRegisterChanged,
    {
      permitNo: permit.permitNo,
      correlationId,
      action,
      creditCode: permit.creditCode,
      holderName: permit.holderName,
      licenseType: permit.licenseType,
      managementCategory: permit.managementCategory,
      status,
      validTo: permit.validTo,
      at: at.toISOString(),
    },
    { correlationId },
  );
}
