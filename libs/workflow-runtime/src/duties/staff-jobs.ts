import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobDef, StaffChangedV1 } from '@permits/contracts/jobs';
import { claimInbox } from '@permits/persistence';
import { JobHandler, JobMeta } from '@permits/queue';
import { storeReplicatedStaff } from './staff-store';

/** intake changed an entry of the staff directory: store this service's copy (unless a later revision is there), with the inbox. */
export class StaffChangedHandler implements JobHandler<StaffChangedV1> {
  private readonly logger = new Logger('StaffChangedHandler');

  constructor(
    readonly job: JobDef<StaffChangedV1>,
    private readonly db: DataSource,
  ) {}

  async handle(p: StaffChangedV1, meta: JobMeta): Promise<void> {
    const stored = await this.db.transaction(async (tx) => {
      if (!(await claimInbox(tx, meta.messageId, meta.jobName))) return false;
      return storeReplicatedStaff(tx, {
        userId: p.userId,
        name: p.name,
        dept: p.dept,
        roles: p.roles,
        active: p.active,
        conflicts: p.conflicts,
        revision: p.revision,
        changedAt: new Date(p.changedAt),
        changedBy: p.changedBy,
      });
    });
    this.logger.log({ userId: p.userId, revision: p.revision, stored }, 'staff directory entry received');
  }
}
