import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@permits/clock';
import { Jobs, RenewalEndedV1, RenewalFiledV1 } from '@permits/contracts/jobs';
import { claimInbox, rowValues } from '@permits/persistence';
import { JobHandler, JobMeta } from '@permits/queue';
import { RenewalFilingRow } from './renewal-filing.entity';

/** Records a renewal intake received, so the licence's end knows of it wherever its case stands. Once per message. */
@Injectable()
export class RenewalFiledHandler implements JobHandler<RenewalFiledV1> {
  readonly job = Jobs.RenewalFiled;

  constructor(private readonly db: DataSource) {}

  async handle(p: RenewalFiledV1, meta: JobMeta): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await claimInbox(tx, meta.messageId, meta.jobName))) return;
      await tx
        .createQueryBuilder()
        .insert()
        .into(RenewalFilingRow)
        .values(
          rowValues<RenewalFilingRow>({
            applicationId: p.applicationId,
            permitNo: p.permitNo,
            creditCode: p.creditCode,
            filedOn: p.filedOn,
            endedAt: null,
            outcome: null,
          }),
        )
        .orIgnore()
        .execute();
    });
  }
}

/** A renewal ended at the window (not accepted, withdrawn): no longer pending. A deemed one stays as the law made it. */
@Injectable()
export class RenewalEndedHandler implements JobHandler<RenewalEndedV1> {
  readonly job = Jobs.RenewalEnded;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async handle(p: RenewalEndedV1, meta: JobMeta): Promise<void> {
    const now = await this.clock.now();
    await this.db.transaction(async (tx) => {
      if (!(await claimInbox(tx, meta.messageId, meta.jobName))) return;
      await tx
        .createQueryBuilder()
        .update(RenewalFilingRow)
        .set({ endedAt: now, outcome: p.status })
        .where('application_id = :id AND ended_at IS NULL', { id: p.applicationId })
        .execute();
    });
  }
}
