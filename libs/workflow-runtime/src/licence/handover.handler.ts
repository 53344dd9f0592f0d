import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { CaseHandoverV1, JobDef } from '@permits/contracts/jobs';
import { claimInbox, withOutboxBatch } from '@permits/persistence';
import { JobHandler, JobMeta } from '@permits/queue';
import { newClock, startClock } from '@permits/workflow/clock';
import { definitionForCase } from '@permits/workflow/definitions';
import { CaseRuntime } from '../case-runtime';
import type { CaseRow } from '../entities';

/** Takes up a case intake accepted: starts the licence's workflow and its statutory clock, once. */
@Injectable()
export abstract class HandoverHandler implements JobHandler<CaseHandoverV1> {
  abstract readonly job: JobDef<CaseHandoverV1>;
  private readonly logger = new Logger(HandoverHandler.name);

  constructor(
    private readonly db: DataSource,
    protected readonly runtime: CaseRuntime,
  ) {}

  /**
   * Routing facts this service owns (e.g. the management class of the permit a renewal names, from its own
   * register), read in the handover's transaction. They override the handed-over data.
   */
  protected routingFacts(_tx: EntityManager, _p: CaseHandoverV1): Promise<Record<string, unknown>> {
    return Promise.resolve({});
  }

  /** What this service does with the case once started, in the handover's transaction (e.g. a renewal the law already decided). */
  protected afterStart(_tx: EntityManager, _row: CaseRow, _p: CaseHandoverV1): Promise<void> {
    return Promise.resolve();
  }

  async handle(p: CaseHandoverV1, meta: JobMeta): Promise<void> {
    // the outbox rows of routingFacts and afterStart are written with the runtime's (one statement, or one after it)
    await this.db.transaction((tx) => withOutboxBatch(tx, () => this.handleIn(tx, p, meta)));
  }

  private async handleIn(tx: EntityManager, p: CaseHandoverV1, meta: JobMeta): Promise<void> {
    if (!(await claimInbox(tx, meta.messageId, meta.jobName))) return;
    const data: Record<string, unknown> = { ...p.data, ...(await this.routingFacts(tx, p)), applicantName: p.applicant.name };
    const definition = definitionForCase(p.licenseType, data);
    if (!definition) {
      // an accepted case with no workflow: never dropped quietly. The job fails for good and stays in the dead
      // letters (GET /api/v1/ops/dead-letters), the log says which case; intake refuses such sub-items at submission.
      this.logger.error(
        { caseId: p.applicationId, subItemCode: p.subItemCode, licenseType: p.licenseType },
        'accepted case has no workflow definition: not started',
      );
      throw new UnrecoverableError(`case ${p.applicationId}: no workflow for sub-item ${p.subItemCode} (${p.licenseType}, ${String(data.kind)})`);
    }
    const row = await this.runtime.start(
      tx,
      {
        caseId: p.applicationId,
        definition,
        licenseType: p.licenseType,
        subItemCode: p.subItemCode,
        applicantCreditCode: p.applicant.creditCode,
        applicantUserId: p.applicant.userId,
        data,
        clock: startClock(newClock(p.statutoryLimit, p.committedLimit), p.acceptedOn),
        yellowWithinDays: p.yellowWithinDays,
      },
      { id: 'system:handover', roles: ['admin'] },
      { correlationId: p.correlationId, input: { acceptedOn: p.acceptedOn } },
    );
    await this.afterStart(tx, row, p);
  }
}
