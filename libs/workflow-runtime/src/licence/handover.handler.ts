import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseHandoverV1, JobDef } from '@permits/contracts/jobs';
import { claimInbox } from '@permits/persistence';
import { JobHandler, JobMeta } from '@permits/queue';
import { newClock, startClock } from '@permits/workflow/clock';
import { definitionFor } from '@permits/workflow/definitions';
import { CaseRuntime } from '../case-runtime';

/** Takes up a case intake accepted: starts the licence's workflow and its statutory clock, once. */
@Injectable()
export abstract class HandoverHandler implements JobHandler<CaseHandoverV1> {
  abstract readonly job: JobDef<CaseHandoverV1>;

  constructor(
    private readonly db: DataSource,
    private readonly runtime: CaseRuntime,
  ) {}

  async handle(p: CaseHandoverV1, meta: JobMeta): Promise<void> {
    const definition = definitionFor(p.licenseType);
    if (!definition) throw new Error(`no workflow for licence ${p.licenseType}`);
    await this.db.transaction(async (tx) => {
      if (!(await claimInbox(tx, meta.messageId, meta.jobName))) return;
      await this.runtime.start(
        tx,
        {
          caseId: p.applicationId,
          definition,
          licenseType: p.licenseType,
          subItemCode: p.subItemCode,
          applicantCreditCode: p.applicant.creditCode,
          applicantUserId: p.applicant.userId,
          data: { ...p.data, applicantName: p.applicant.name },
          clock: startClock(newClock(p.statutoryLimit, p.committedLimit), p.acceptedOn),
          yellowWithinDays: p.yellowWithinDays,
        },
        { id: 'system:handover', roles: ['admin'] },
        { correlationId: p.correlationId, input: { acceptedOn: p.acceptedOn } },
      );
    });
  }
}
