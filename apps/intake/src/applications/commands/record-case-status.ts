import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CaseStatusChangedV1 } from '@permits/contracts/jobs';
import { onceInTransaction } from '@permits/persistence';
import { JobMeta } from '@permits/queue';
import { AuditRecords } from '@permits/workflow-runtime';
import { ApplicationRow } from '../application.entity';

const FINAL = ['approved', 'denied', 'withdrawn'];

/** The owning service's news of a case's status (case.status-changed.v1), for the applicant's record. */
export class RecordCaseStatus extends Command<void> {
  constructor(
    readonly payload: CaseStatusChangedV1,
    readonly meta: JobMeta,
  ) {
    super();
  }
}

/** Keeps the applicant's record in step with the owning service (lists and reports read it); the inbox makes a redelivery a no-op. */
@CommandHandler(RecordCaseStatus)
export class RecordCaseStatusHandler implements ICommandHandler<RecordCaseStatus> {
  constructor(
    private readonly db: DataSource,
    private readonly records: AuditRecords,
  ) {}

  async execute({ payload: p, meta }: RecordCaseStatus): Promise<void> {
    await onceInTransaction(this.db, meta, async (tx) => {
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
