import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Jobs, PermitRegisterChangedV1 } from '@permits/contracts/jobs';
import { claimInbox } from '@permits/persistence';
import { JobHandler, JobMeta } from '@permits/queue';
import { SupervisionService } from '../supervision.service';

/** discharge-permit's register changed: the regulated entity follows, once per message (inbox). */
@Injectable()
export class PermitRegisterChangedHandler implements JobHandler<PermitRegisterChangedV1> {
  readonly job = Jobs.PermitRegisterChanged;

  constructor(
    private readonly db: DataSource,
    private readonly service: SupervisionService,
  ) {}

  async handle(p: PermitRegisterChangedV1, meta: JobMeta): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await claimInbox(tx, meta.messageId, meta.jobName))) return;
      await this.service.applyRegisterChange(tx, p);
    });
  }
}
