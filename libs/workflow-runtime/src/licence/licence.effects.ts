import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ApplicationStatus } from '@permits/contracts/enums';
import { JobDef, Jobs, Queues, SystemStepV1 } from '@permits/contracts/jobs';
import { Clock } from '@permits/clock';
import { addNotice, addToOutbox } from '@permits/persistence';
import { WorkflowEvent } from '@permits/workflow/engine';
import { CaseContext, CaseEffects } from '../case-runtime';
import { CaseRow } from '../entities';

/**
 * The consequences every licence-reviewing service shares: status pushed back to intake, the decision
 * told to the applicant, system steps handed to this service's own worker.
 */
@Injectable()
export abstract class LicenceEffects implements CaseEffects {
  protected abstract readonly systemStepJob: JobDef<SystemStepV1>;

  constructor(protected readonly clock: Clock) {}

  /** This apply only adds outbox rows (CaseEffects.outboxOnly), unless a service overrides it. */
  get outboxOnly(): boolean {
    return this.apply === LicenceEffects.prototype.apply;
  }

  statusOf(row: CaseRow): ApplicationStatus {
    const s = row.state;
    if (s.status !== 'completed') return 'in_review';
    return s.result === 'approved' ? 'approved' : s.result === 'withdrawn' ? 'withdrawn' : 'denied';
  }

  async apply(tx: EntityManager, row: CaseRow, events: WorkflowEvent[], ctx: CaseContext, before: { status: ApplicationStatus }): Promise<void> {
    for (const e of events) {
      if (e.type === 'SystemStepStarted') {
        await addToOutbox(
          tx,
          this.systemStepJob.queue,
          this.systemStepJob,
          { caseId: row.id, correlationId: ctx.correlationId, stepId: e.stepId, round: e.round, job: e.job },
          { correlationId: ctx.correlationId },
        );
      }
      if (e.type === 'CaseCompleted' && e.result !== 'withdrawn') {
        await addNotice(tx, {
          kind: 'decision',
          applicationId: row.id,
          correlationId: ctx.correlationId,
          recipients: { creditCodes: [row.applicantCreditCode] },
          data: { result: e.result, ...this.decisionFacts(row) },
        });
      }
    }
    if (row.status !== before.status) await this.pushStatus(tx, row, ctx);
  }

  protected decisionFacts(row: CaseRow): Record<string, unknown> {
    const data = row.state.data;
    return Object.fromEntries(['permitNo', 'certificateNo', 'registrationNo', 'filingNo'].filter((k) => data[k] !== undefined).map((k) => [k, data[k]]));
  }

  private async pushStatus(tx: EntityManager, row: CaseRow, ctx: CaseContext): Promise<void> {
    const now = await this.clock.now();
    await addToOutbox(
      tx,
      Queues.Intake,
      Jobs.CaseStatusChanged,
      {
        applicationId: row.id,
        correlationId: ctx.correlationId,
        status: row.status,
        at: now.toISOString(),
        ...(row.elapsedDays !== null
          ? {
              elapsedDays: row.elapsedDays,
              daysSaved: row.daysSaved ?? undefined,
              withinCommitted: row.withinCommitted ?? undefined,
              committedDaysInForce: row.committedDaysInForce,
            }
          : {}),
        ...decisionNo(this.decisionFacts(row)),
      },
      { correlationId: ctx.correlationId },
    );
  }
}

/** The one number a decided case is published under: the permit, the certificate, the registration or the filing. */
function decisionNo(facts: Record<string, unknown>): { decisionNo?: string } {
  const no = ['permitNo', 'certificateNo', 'registrationNo', 'filingNo'].map((k) => facts[k]).find((v) => typeof v === 'string');
  return typeof no === 'string' ? { decisionNo: no } : {};
}
