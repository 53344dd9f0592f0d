import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { JobDef, SystemStepV1 } from '@permits/contracts/jobs';
import { claimInbox, withOutboxBatch } from '@permits/persistence';
import { JobHandler, JobMeta } from '@permits/queue';
import { CaseRuntime, readCase } from '../case-runtime';
import { CaseRow } from '../entities';

/**
 * Runs a system step of one of this service's cases (a certificate, a permit number) and replies to the
 * engine, in one transaction with the inbox: a redelivered job neither issues twice nor replies twice.
 */
@Injectable()
export abstract class SystemStepHandler implements JobHandler<SystemStepV1> {
  abstract readonly job: JobDef<SystemStepV1>;

  constructor(
    protected readonly db: DataSource,
    protected readonly runtime: CaseRuntime,
  ) {}

  /** Does the step's work inside the transaction; returns the facts merged into the case data. */
  protected abstract run(tx: EntityManager, row: CaseRow, step: SystemStepV1): Promise<Record<string, unknown>>;

  async handle(p: SystemStepV1, meta: JobMeta): Promise<void> {
    // the step's outbox rows (a register feed, its timers' wake-ups) are written with the runtime's, in its statement
    await this.db.transaction((tx) => withOutboxBatch(tx, () => this.handleIn(tx, p, meta)));
  }

  private async handleIn(tx: EntityManager, p: SystemStepV1, meta: JobMeta): Promise<void> {
    if (!(await claimInbox(tx, meta.messageId, meta.jobName))) return;
    // locked: the step's own rows are written before the runtime's
    const row = (await readCase(tx, p.caseId, { lock: true }))?.row;
    if (!row || row.state.status === 'completed' || row.state.currentStepId !== p.stepId) return; // superseded (withdrawn, returned)
    const data = await this.run(tx, row, p);
    await this.runtime.apply(
      tx,
      row,
      { type: 'SystemReplied', stepId: p.stepId, round: p.round, ok: true, data, actor: { id: `system:${p.job}`, roles: ['admin'] } },
      { correlationId: p.correlationId, input: data },
    );
  }
}
