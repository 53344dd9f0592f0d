import { Injectable } from '@nestjs/common';
import { CaseStatusChangedV1, Jobs } from '@permits/contracts/jobs';
import { CommandJob, JobMeta } from '@permits/queue';
import { RecordCaseStatus } from './commands/record-case-status';

/** Consumes case.status-changed.v1: the RecordCaseStatus command. */
@Injectable()
export class CaseStatusChangedHandler extends CommandJob<CaseStatusChangedV1> {
  readonly job = Jobs.CaseStatusChanged;

  protected command(p: CaseStatusChangedV1, meta: JobMeta) {
    return new RecordCaseStatus(p, meta);
  }
}
