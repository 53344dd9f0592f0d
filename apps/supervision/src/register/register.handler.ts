import { Injectable } from '@nestjs/common';
import { Jobs, PermitRegisterChangedV1 } from '@permits/contracts/jobs';
import { CommandJob, JobMeta } from '@permits/queue';
import { FollowRegisterChange } from './commands/follow-register-change';

/** Consumes permit.register-changed.v1: the FollowRegisterChange command. */
@Injectable()
export class PermitRegisterChangedHandler extends CommandJob<PermitRegisterChangedV1> {
  readonly job = Jobs.PermitRegisterChanged;

  protected command(p: PermitRegisterChangedV1, meta: JobMeta) {
    return new FollowRegisterChange(p, meta);
  }
}
