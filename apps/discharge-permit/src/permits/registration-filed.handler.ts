import { Injectable } from '@nestjs/common';
import { Jobs, RegistrationFiledV1 } from '@permits/contracts/jobs';
import { CommandJob, JobMeta } from '@permits/queue';
import { RecordRegistrationFiling } from './commands/record-registration-filing';

/** Consumes registration.filed.v1: the RecordRegistrationFiling command. */
@Injectable()
export class RegistrationFiledHandler extends CommandJob<RegistrationFiledV1> {
  readonly job = Jobs.RegistrationFiled;

  protected command(p: RegistrationFiledV1, meta: JobMeta) {
    return new RecordRegistrationFiling(p, meta);
  }
}
