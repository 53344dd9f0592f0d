import { Injectable } from '@nestjs/common';
import { Jobs, RenewalDeemedV1 } from '@permits/contracts/jobs';
import { CommandJob, JobMeta } from '@permits/queue';
import { DeemRenewal } from './commands/deem-renewal';

/** Consumes renewal.deemed.v1: the DeemRenewal command. */
@Injectable()
export class RenewalDeemedHandler extends CommandJob<RenewalDeemedV1> {
  readonly job = Jobs.RenewalDeemed;

  protected command(p: RenewalDeemedV1, meta: JobMeta) {
    return new DeemRenewal(p, meta);
  }
}
