import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseStatusChangedV1, Jobs } from '@permits/contracts/jobs';
import { JobHandler, JobMeta } from '@permits/queue';
import { RecordCaseStatus } from './commands/record-case-status';

/** Consumes case.status-changed.v1: the RecordCaseStatus command. */
@Injectable()
export class CaseStatusChangedHandler implements JobHandler<CaseStatusChangedV1> {
  readonly job = Jobs.CaseStatusChanged;

  constructor(private readonly commands: CommandBus) {}

  handle(p: CaseStatusChangedV1, meta: JobMeta): Promise<void> {
    return this.commands.execute(new RecordCaseStatus(p, meta));
  }
}
