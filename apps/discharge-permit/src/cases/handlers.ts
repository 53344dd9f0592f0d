import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ManagementCategory } from '@permits/contracts/enums';
import { Jobs, SystemStepV1 } from '@permits/contracts/jobs';
import { Clock } from '@permits/clock';
import { DataSource } from 'typeorm';
import { shanghaiDate } from '@permits/workflow/calendar';
import { SYSTEM_JOBS } from '@permits/workflow/definitions';
import { CaseRow, CaseRuntime, HandoverHandler, SystemStepHandler } from '@permits/workflow-runtime';
import { PermitRow } from '../permits/permit.entity';
import { nextPermitNo, SERIES } from '../permits/permit-numbers';

@Injectable()
export class DischargeHandoverHandler extends HandoverHandler {
  readonly job = Jobs.CaseHandover.discharge;
}

/** Validity in years of what each licence grants (DOMAIN.md "The six licences"). */
export function validityYears(row: CaseRow): number {
  if (row.licenseType === 'hazardous_waste' && row.state.data.collectionOnly === true) return 3;
  return 5;
}

/** Issues the permit, registration or certificate a system step asks for, into the register. */
@Injectable()
export class IssuePermitHandler extends SystemStepHandler {
  readonly job = Jobs.SystemStep.discharge;

  constructor(
    db: DataSource,
    runtime: CaseRuntime,
    private readonly clock: Clock,
  ) {
    super(db, runtime);
  }

  protected async run(tx: EntityManager, row: CaseRow, step: SystemStepV1): Promise<Record<string, unknown>> {
    const existing = await tx.getRepository(PermitRow).findOne({ where: { applicationId: row.id } });
    if (existing) return { permitNo: existing.permitNo };
    const today = shanghaiDate(await this.clock.now());
    const year = Number(today.slice(0, 4));
    const registration = step.job === SYSTEM_JOBS.issueDischargeRegistration;
    const series = registration ? SERIES.registration : SERIES[row.licenseType];
    const permitNo = await nextPermitNo(tx, series, year);
    const years = validityYears(row);
    const validTo = `${year + years}-${today.slice(5)}`;
    const category = (row.state.data.managementCategory as ManagementCategory | undefined) ?? null;
    await tx.getRepository(PermitRow).insert({
      permitNo,
      applicationId: row.id,
      licenseType: row.licenseType,
      creditCode: row.applicantCreditCode,
      holderName: String(row.state.data.applicantName ?? ''),
      managementCategory: row.licenseType === 'discharge_permit' ? category : null,
      validFrom: today,
      validTo: previousDay(validTo),
      status: 'valid',
    });
    return registration ? { registrationNo: permitNo, permitNo } : { permitNo };
  }
}

/** The day before an ISO date: a validity of N years from D ends on D + N years − 1 day. */
export function previousDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
