import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { Clock } from '@permits/clock';
import { RenewalEndedV1, RenewalFiledV1 } from '@permits/contracts/jobs';
import { InboxMessage, onceInTransaction, rowValues } from '@permits/persistence';
import { RenewalFilingRow } from './renewal-filing.entity';

/** Intake received a renewal (renewal.filed.v1): the licence's end must know of it wherever its case stands. */
export class RecordRenewalFiling extends Command<void> {
  constructor(
    readonly payload: RenewalFiledV1,
    readonly message: InboxMessage,
  ) {
    super();
  }
}

/** Records the pending renewal, once per message (a second filing of the same application changes nothing). */
@CommandHandler(RecordRenewalFiling)
export class RecordRenewalFilingHandler implements ICommandHandler<RecordRenewalFiling> {
  constructor(private readonly db: DataSource) {}

  async execute({ payload: p, message }: RecordRenewalFiling): Promise<void> {
    await onceInTransaction(this.db, message, async (tx) => {
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

/** A renewal ended at the window (renewal.ended.v1: not accepted, withdrawn). */
export class EndRenewalFiling extends Command<void> {
  constructor(
    readonly payload: RenewalEndedV1,
    readonly message: InboxMessage,
  ) {
    super();
  }
}

/** The renewal is no longer pending; a deemed one stays as the law made it (only an open filing is ended). */
@CommandHandler(EndRenewalFiling)
export class EndRenewalFilingHandler implements ICommandHandler<EndRenewalFiling> {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute({ payload: p, message }: EndRenewalFiling): Promise<void> {
    const now = await this.clock.now();
    await onceInTransaction(this.db, message, async (tx) => {
      await tx
        .createQueryBuilder()
        .update(RenewalFilingRow)
        .set({ endedAt: now, outcome: p.status })
        .where('application_id = :id AND ended_at IS NULL', { id: p.applicationId })
        .execute();
    });
  }
}
