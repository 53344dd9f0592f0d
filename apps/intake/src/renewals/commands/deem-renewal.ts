import { Logger } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { Clock } from '@permits/clock';
import { RenewalDeemedV1 } from '@permits/contracts/jobs';
import { InboxMessage, onceInTransaction } from '@permits/persistence';
import { CaseRow, CaseRuntime } from '@permits/workflow-runtime';
import { ApplicationRow } from '../../applications/application.entity';

/** The register deemed a renewal granted when its licence ended (renewal.deemed.v1). */
export class DeemRenewal extends Command<void> {
  constructor(
    readonly payload: RenewalDeemedV1,
    readonly message: InboxMessage,
  ) {
    super();
  }
}

/**
 * A renewal still at the window when its licence ended was deemed granted (art. 50) by the register: its acceptance
 * case closes approved (DeemGranted, by law), red, with the permit number as its decision number; the window's task
 * is cancelled, so a later acceptance or refusal is 409. A case the window already accepted is on its way to the
 * register, which deems it there when it takes it up.
 */
@CommandHandler(DeemRenewal)
export class DeemRenewalHandler implements ICommandHandler<DeemRenewal> {
  private readonly logger = new Logger(DeemRenewalHandler.name);

  constructor(
    private readonly db: DataSource,
    private readonly runtime: CaseRuntime,
    private readonly clock: Clock,
  ) {}

  async execute({ payload: p, message }: DeemRenewal): Promise<void> {
    const now = await this.clock.now();
    await onceInTransaction(this.db, message, async (tx) => {
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
      await tx.query(`UPDATE cases SET sla_level = 'red', sla_alerted_level = 'red', version = version + 1 WHERE id = $1`, [row.id]);
    });
  }
}
