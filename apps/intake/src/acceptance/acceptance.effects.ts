import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ApplicationStatus } from '@permits/contracts/enums';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { Clock } from '@permits/clock';
import { addToOutbox } from '@permits/persistence';
import { shanghaiDate } from '@permits/workflow/calendar';
import { ACCEPTANCE } from '@permits/workflow/definitions';
import { WorkflowEvent } from '@permits/workflow/engine';
import { CaseContext, CaseEffects, CaseRow } from '@permits/workflow-runtime';
import { ApplicationRow } from '../applications/application.entity';
import { CatalogService } from '../catalog/catalog.service';
import { ownerOf } from './owners';

export const ACCEPTANCE_DEFINITION = ACCEPTANCE;

/**
 * What intake does when its acceptance case moves: keep the applicant's record in step, tell the applicant
 * about corrections and refusals, and hand an accepted case to the licence's service (outbox → BullMQ).
 */
@Injectable()
export class AcceptanceEffects implements CaseEffects {
  constructor(
    private readonly catalog: CatalogService,
    private readonly clock: Clock,
  ) {}

  statusOf(row: CaseRow): ApplicationStatus {
    const s = row.state;
    if (s.status === 'completed') return s.result === 'accepted' ? 'accepted' : s.result === 'withdrawn' ? 'withdrawn' : 'not_accepted';
    return s.currentStepId === 'await-supplement' ? 'correction_requested' : 'submitted';
  }

  async apply(tx: EntityManager, row: CaseRow, events: WorkflowEvent[], ctx: CaseContext, before: { status: ApplicationStatus }): Promise<void> {
    const now = await this.clock.now();
    const apps = tx.getRepository(ApplicationRow);
    const notify = (kind: 'correction_requested' | 'decision', data: Record<string, unknown>) =>
      addToOutbox(tx, Queues.Notification, Jobs.Notify, { kind, applicationId: row.id, correlationId: ctx.correlationId, recipients: { creditCodes: [row.applicantCreditCode] }, data }, { correlationId: ctx.correlationId });

    for (const e of events) {
      if (e.type === 'TaskCompleted' && e.outcome === 'request_correction') await notify('correction_requested', { corrections: ctx.input?.corrections ?? [], comment: e.comment });
      if (e.type === 'CaseCompleted' && e.result === 'not_accepted') await notify('decision', { result: 'not_accepted' });
      if (e.type === 'CaseCompleted' && e.result === 'accepted') await this.handOver(tx, row, shanghaiDate(now), ctx);
    }
    if (row.status !== before.status) await apps.update({ id: row.id }, { status: row.status, updatedAt: now });
  }

  /** The accepted case goes to the service that owns its licence; its clock counts from the next day. */
  private async handOver(tx: EntityManager, row: CaseRow, acceptedOn: string, ctx: CaseContext): Promise<void> {
    const app = await tx.getRepository(ApplicationRow).findOneByOrFail({ id: row.id });
    const sub = await this.catalog.subItem(app.subItemCode);
    const owner = ownerOf(app.licenseType);
    await tx.getRepository(ApplicationRow).update({ id: app.id }, { owner: owner.service, acceptedOn });
    await addToOutbox(
      tx,
      owner.queue,
      owner.job,
      {
        applicationId: app.id,
        correlationId: ctx.correlationId,
        licenseType: app.licenseType,
        subItemCode: app.subItemCode,
        applicant: { creditCode: app.creditCode, name: app.applicantName, userId: app.applicantUserId },
        project: app.project,
        acceptedOn,
        statutoryLimit: sub.statutoryLimit,
        committedLimit: sub.committedLimit,
        yellowWithinDays: sub.yellowWithinDays,
        data: { ...app.project, subItemCode: app.subItemCode, kind: sub.kind, ...sub.extra },
      },
      { correlationId: ctx.correlationId },
    );
  }
}
