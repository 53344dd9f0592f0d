import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ApplicationStatus } from '@permits/contracts/enums';
import { Jobs } from '@permits/contracts/jobs';
import { WorkflowEvent } from '@permits/workflow/engine';
import { CaseContext, CaseRow, LicenceEffects } from '@permits/workflow-runtime';
import { addNationalStatusPush } from '@permits/persistence';
import { isNationalEiaCase } from '../national-eia/status-push';

@Injectable()
export class EiaEffects extends LicenceEffects {
  protected readonly systemStepJob = Jobs.SystemStep.eia;

  /** Besides what every licence does: a case from the national EIA system has each status change pushed there. */
  override async apply(tx: EntityManager, row: CaseRow, events: WorkflowEvent[], ctx: CaseContext, before: { status: ApplicationStatus }): Promise<void> {
    await super.apply(tx, row, events, ctx, before);
    if (row.status !== before.status && isNationalEiaCase(row)) await addNationalStatusPush(tx, row.id, row.status, await this.clock.now(), ctx.correlationId);
  }
}
