import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@permits/clock';
import { Jobs, RenewalDeemedV1 } from '@permits/contracts/jobs';
import { claimInbox } from '@permits/persistence';
import { JobHandler, JobMeta } from '@permits/queue';
import { CaseRow, CaseRuntime } from '@permits/workflow-runtime';
import { ApplicationRow } from '../applications/application.entity';

/**
 * A renewal still at the window when its licence ended was deemed granted (art. 50) by the register: its acceptance
 * case closes approved (DeemGranted, by law), red, with the permit number as its decision number; the window's task
 * is cancelled, so a later acceptance or refusal is 409. A case the window already accepted is on its way to the
 * register, which deems it there when it takes it up.
 */
@Injectable()
export class RenewalDeemedHandler implements JobHandler<RenewalDeemedV1> {
  readonly job = Jobs.RenewalDeemed;
  private readonly logger = new Logger(RenewalDeemedHandler.name);

  constructor(
    private readonly db: DataSource,
    private readonly runtime: CaseRuntime,
    private readonly clock: Clock,
  ) {}

  async handle(p: RenewalDeemedV1, meta: JobMeta): Promise<void> {
    const now = await this.clock.now();
    await this.db.transaction(async (tx) => {
      if (!(await claimInbox(tx, meta.messageId, meta.jobName))) return;
      const row = await tx.getRepository(CaseRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id: p.applicationId }).getOne();
      if (!row || row.closedAt) {
        this.logger.log({ applicationId: p.applicationId }, 'deemed renewal: the acceptance case is no longer at the window; the register deems it');
        return;
      }
      await tx.getRepository(ApplicationRow).update({ id: p.applicationId }, { decidedAt: now, decisionNo: p.permitNo, withinCommitted: false });
      await this.runtime.apply(
        tx,
        row,
        { type: 'DeemGranted', actor: { id: 'system:deemed-renewal', roles: ['admin'] }, reason: `renewal of ${p.permitNo} undecided when it ended` },
        { correlationId: p.correlationId, byLaw: true, input: { permitNo: p.permitNo, validTo: p.validTo } },
      );
      await tx.query(`UPDATE cases SET sla_level = 'red', sla_alerted_level = 'red' WHERE id = $1`, [row.id]);
    });
  }
}
