import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Jobs, SystemStepV1 } from '@permits/contracts/jobs';
import { Clock } from '@permits/clock';
import { DataSource } from 'typeorm';
import { SYSTEM_JOBS } from '@permits/workflow/definitions';
import { CaseRow, CaseRuntime, HandoverHandler, SystemStepHandler } from '@permits/workflow-runtime';
import { PermitRegister } from '../permits/permit-register';

@Injectable()
export class DischargeHandoverHandler extends HandoverHandler {
  readonly job = Jobs.CaseHandover.discharge;
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
