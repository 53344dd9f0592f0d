import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseStatusChangedV1, Jobs } from '@permits/contracts/jobs';
import { claimInbox } from '@permits/persistence';
import { JobHandler, JobMeta } from '@permits/queue';
import { AuditRecords } from '@permits/workflow-runtime';
import { ApplicationRow } from './application.entity';

const FINAL = ['approved', 'denied', 'withdrawn'];

/** Keeps the applicant's record in step with the owning service (lists and reports read it). */
@Injectable()
export class CaseStatusChangedHandler implements JobHandler<CaseStatusChangedV1> {
  readonly job = Jobs.CaseStatusChanged;

  constructor(
    private readonly db: DataSource,
    private readonly records: AuditRecords,
  ) {}

  async handle(p: CaseStatusChangedV1, meta: JobMeta): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await claimInbox(tx, meta.messageId, meta.jobName))) return;
      const final = FINAL.includes(p.status);
      const { affected } = await tx
        .getRepository(ApplicationRow)
        .createQueryBuilder()
        .update()
        .set({
          status: p.status,
          updatedAt: () => 'now()',
          ...(final
            ? {
                decidedAt: new Date(p.at),
                elapsedDays: p.elapsedDays ?? null,
                daysSaved: p.daysSaved ?? null,
                withinCommitted: p.withinCommitted ?? null,
                committedDaysInForce: p.committedDaysInForce ?? null,
                decisionNo: p.decisionNo ?? null,
              }
            : {}),
        })
        // a late message never overwrites a final status
        .where('id = :id AND status NOT IN (:...final)', { id: p.applicationId, final: FINAL })
        .execute();
      // what the public decisions publish changed: its audit entry, in the same transaction
      if (affected)
        await this.records.write(tx, 'application', p.applicationId, p.status, `message:${meta.messageId}`, {
          decisionNo: p.decisionNo ?? null,
          correlationId: p.correlationId,
        });
    });
  }
}
