import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseHandoverV1, Jobs, SystemStepV1 } from '@permits/contracts/jobs';
import { Clock } from '@permits/clock';
import { DataSource } from 'typeorm';
import { SYSTEM_JOBS } from '@permits/workflow/definitions';
import { CaseRow, CaseRuntime, HandoverHandler, SystemStepHandler } from '@permits/workflow-runtime';
import { PermitRegister } from '../permits/permit-register';
import { PermitRow } from '../permits/permit.entity';

@Injectable()
export class DischargeHandoverHandler extends HandoverHandler {
  readonly job = Jobs.CaseHandover.discharge;

  /**
   * A change, renewal or cancellation runs on the class of the permit it names, as this service's register has it;
   * a registration is never changed, renewed or cancelled through a permit sub-item (intake refuses it), and if one
   * got here it is reviewed by a person, never taken the registration's short path.
   */
  protected override async routingFacts(tx: EntityManager, p: CaseHandoverV1): Promise<Record<string, unknown>> {
    if (!ON_A_PERMIT.includes(String(p.data.kind)) || typeof p.data.permitNo !== 'string') return {};
    const permit = await tx.getRepository(PermitRow).findOne({ where: { permitNo: p.data.permitNo } });
    const category = permit?.licenseType === 'discharge_permit' ? permit.managementCategory : null;
    return { managementCategory: category === 'registration' ? null : category };
  }

  protected override afterStart(tx: EntityManager, row: CaseRow, p: CaseHandoverV1): Promise<void> {
    return deemIfAlreadyDeemed(tx, this.runtime, row, p.correlationId);
  }
}

const ON_A_PERMIT = ['change', 'renewal', 'cancellation'];

/**
 * A renewal taken up after its licence ended and the law had already renewed it (accepted at the window, on its way
 * here at the end): it closes approved (deemed) at once, red, like one that was here then (PermitTimers.expire).
 */
export async function deemIfAlreadyDeemed(tx: EntityManager, runtime: CaseRuntime, row: CaseRow, correlationId: string): Promise<void> {
  const deemed: unknown[] = await tx.query(`SELECT 1 FROM renewal_filings WHERE application_id = $1 AND outcome = 'deemed'`, [row.id]);
  if (!deemed.length) return;
  await runtime.apply(
    tx,
    row,
    { type: 'DeemGranted', actor: { id: 'system:deemed-renewal', roles: ['admin'] }, reason: 'renewal undecided when its licence ended' },
    { correlationId, byLaw: true },
  );
}

/** Applies a decided case to the permit register (issue, renew, change, cancel). */
@Injectable()
export class IssuePermitHandler extends SystemStepHandler {
  readonly job = Jobs.SystemStep.discharge;

  constructor(
    db: DataSource,
    runtime: CaseRuntime,
    private readonly clock: Clock,
    private readonly register: PermitRegister,
  ) {
    super(db, runtime);
  }

  protected async run(tx: EntityManager, row: CaseRow, step: SystemStepV1): Promise<Record<string, unknown>> {
    return this.register.apply(tx, row, await this.clock.now(), step.job === SYSTEM_JOBS.issueDischargeRegistration, step.correlationId);
  }
}
