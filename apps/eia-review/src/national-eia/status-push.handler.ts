import { Injectable } from '@nestjs/common';
import { Jobs, NationalEiaStatusV1 } from '@permits/contracts/jobs';
import { CommandJob, JobMeta } from '@permits/queue';
import { PushNationalStatus } from './commands/push-national-status';

/** Consumes national-eia.status.v1: the PushNationalStatus command (a signed POST to the national system). */
@Injectable()
export class NationalStatusPushHandler extends CommandJob<NationalEiaStatusV1> {
  readonly job = Jobs.NationalEiaStatus;

  protected command(p: NationalEiaStatusV1, meta: JobMeta) {
    return new PushNationalStatus(p, meta);
  }
}
