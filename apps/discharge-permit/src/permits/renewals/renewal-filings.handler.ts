import { Injectable } from '@nestjs/common';
import { Jobs, RenewalEndedV1, RenewalFiledV1 } from '@permits/contracts/jobs';
import { CommandJob, JobMeta } from '@permits/queue';
import { EndRenewalFiling, RecordRenewalFiling } from './commands';

/** Consumes renewal.filed.v1: the RecordRenewalFiling command. */
@Injectable()
export class RenewalFiledHandler extends CommandJob<RenewalFiledV1> {
  readonly job = Jobs.RenewalFiled;

  protected command(p: RenewalFiledV1, meta: JobMeta) {
    return new RecordRenewalFiling(p, meta);
  }
}

/** Consumes renewal.ended.v1: the EndRenewalFiling command. */
@Injectable()
export class RenewalEndedHandler extends CommandJob<RenewalEndedV1> {
  readonly job = Jobs.RenewalEnded;

  protected command(p: RenewalEndedV1, meta: JobMeta) {
    return new EndRenewalFiling(p, meta);
  }
}
