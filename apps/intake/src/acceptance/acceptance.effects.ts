import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ApplicationStatus } from '@permits/contracts/enums';
import { Jobs } from '@permits/contracts/jobs';
import { Clock } from '@permits/clock';
import { addNotice, addToOutbox } from '@permits/persistence';
import { shanghaiDate } from '@permits/workflow/calendar';
import { ACCEPTANCE, EIA_CATEGORY_CHECK_KEY, RATING_FOLLOW_UP } from '@permits/workflow/definitions';
import { Command, WorkflowEvent } from '@permits/workflow/engine';
import {
  acceptanceTimer,
  acceptanceTimerId,
  AuditRecords,
  BundledCalendar,
  CalendarSource,
  CaseContext,
  CaseEffects,
  CaseRow,
  incrementMetrics,
  RECUSED_ACTION,
  retireTimers,
  TaskRow,
  upsertTimers,
} from '@permits/workflow-runtime';
import { ApplicationRow } from '../applications/application.entity';
import { fileConfirmedAtOnce } from '../applications/commands/file-application';
import { CatalogService } from '../catalog/catalog.service';
import { pushStatusIfNational } from '../national-eia/national-status';
import { caseData } from './case-data';
import { ownerOf } from './owners';
import { DomainError } from '@permits/core';
import { renewalEndedAtWindow } from '../renewals/renewal-filings';

export const ACCEPTANCE_DEFINITION = ACCEPTANCE;

/**
 * What intake does when its acceptance case moves: keep the applicant's record in step, tell the applicant
 * about corrections and refusals, and hand an accepted case to the licence's service (outbox → BullMQ).
 */
@Injectable()
export class AcceptanceEffects implements CaseEffects {
  private readonly logger = new Logger(AcceptanceEffects.name);

  constructor(
    private readonly catalog: CatalogService,
    private readonly clock: Clock,
    private readonly records: AuditRecords,
    // the process's calendar (with the administrator-loaded years); bare, the bundled schedules only
    @Optional() @Inject(BundledCalendar) private readonly calendar: CalendarSource = new BundledCalendar(),
  ) {}

  statusOf(row: CaseRow): ApplicationStatus {
    const s = row.state;
    // a rating's follow-up (ratings/): the window's own small case, no application of its own
    if (row.definitionKey === RATING_FOLLOW_UP.key) return s.status !== 'completed' ? 'in_review' : s.result === 'approved' ? 'approved' : 'denied';
    // approved: a renewal deemed granted by law while still at the window (renewals/renewal-deemed.handler.ts)
    if (s.status === 'completed')
      return s.result === 'accepted' ? 'accepted' : s.result === 'withdrawn' ? 'withdrawn' : s.result === 'approved' ? 'approved' : 'not_accepted';
    return s.currentStepId === 'await-supplement' ? 'correction_requested' : 'submitted';
  }

  /**
   * A correction request is one complete list (DOMAIN.md; API.md): every code a material of the
   * sub-item (400 naming the unknown ones), and one request per application (409 the second).
   */
  async check(tx: EntityManager, row: CaseRow, command: Command, _events: WorkflowEvent[], ctx: CaseContext): Promise<void> {
    if (command.type !== 'CompleteTask' || command.outcome !== 'request_correction') return;
    const asked = (ctx.input?.corrections ?? []) as string[];
    // the sub-item's materials, and those the application itself lists (a national declaration's documents)
    const filed = await tx.getRepository(ApplicationRow).findOne({ where: { id: row.id }, select: { id: true, materials: true } });
    const known = new Set([...(await this.catalog.subItem(row.subItemCode)).materials.map((m) => m.code), ...(filed?.materials ?? []).map((m) => m.code)]);
    const unknown = asked.filter((code) => !known.has(code));
    if (unknown.length) throw new DomainError('INVALID_INPUT', `corrections: ${unknown.join(', ')} is not a material of ${row.subItemCode}`);
    const earlier: unknown[] = await tx.query(`SELECT 1 FROM tasks WHERE case_id = $1 AND outcome = 'request_correction' LIMIT 1`, [row.id]);
    if (earlier.length) throw new DomainError('CONFLICT', 'corrections were already requested once for this application: the list is asked once, complete');
  }

  async apply(tx: EntityManager, row: CaseRow, events: WorkflowEvent[], ctx: CaseContext, before: { status: ApplicationStatus }): Promise<void> {
    if (row.definitionKey === RATING_FOLLOW_UP.key) return; // no application record to keep in step
    const now = await this.clock.now();
    const apps = tx.getRepository(ApplicationRow);
    const notify = (kind: 'correction_requested' | 'decision', data: Record<string, unknown>) =>
      addNotice(tx, { kind, applicationId: row.id, correlationId: ctx.correlationId, recipients: { creditCodes: [row.applicantCreditCode] }, data });

    for (const e of events) {
      if (e.type === 'TaskOpened' && e.kind === 'acceptance') await this.startAcceptanceLimit(tx, row, e.taskId, e.round, now, ctx);
      if (e.type === 'TaskCompleted' || e.type === 'TaskCancelled') await retireTimers(tx, [acceptanceTimerId(row.id, e.taskId)]);
      if (e.type === 'TaskCompleted' && e.outcome === 'request_correction')
        await notify('correction_requested', { corrections: ctx.input?.corrections ?? [], comment: e.comment });
      if (e.type === 'CaseCompleted' && e.result === 'not_accepted') await notify('decision', { result: 'not_accepted' });
      // approved: a deemed renewal (acceptance) or a declared registration form the EIA section confirmed (category check)
      const confirmedFiling = row.definitionKey === EIA_CATEGORY_CHECK_KEY;
      if (e.type === 'CaseCompleted' && e.result === 'approved' && !confirmedFiling)
        await notify('decision', { result: 'approved', deemed: true, ...ctx.input });
      if (e.type === 'CaseCompleted' && (e.result === 'not_accepted' || e.result === 'withdrawn')) {
        // a renewal that ends at the window is no longer pending at its licence's end (the register ignores others)
        const filed = await apps.findOne({ where: { id: row.id }, select: { id: true, project: true, licenseType: true } });
        if (filed && filed.licenseType !== 'eia_approval' && typeof filed.project.permitNo === 'string')
          await renewalEndedAtWindow(tx, row.id, e.result, ctx.correlationId);
      }
      if (e.type === 'CaseCompleted' && e.result === 'accepted') await this.handOver(tx, row, deemedAcceptedOn(ctx) ?? shanghaiDate(now), ctx);
      if (e.type === 'CaseCompleted' && e.result === 'approved' && confirmedFiling) await this.fileConfirmed(tx, row, now, ctx);
    }
    if (row.status !== before.status) {
      await apps.update({ id: row.id }, { status: row.status, updatedAt: now });
      await this.records.write(tx, 'application', row.id, row.status, `case:${row.id}`, { correlationId: ctx.correlationId }, now);
      await pushStatusIfNational(tx, row.id, row.status, now, ctx.correlationId);
    }
  }

  /**
   * The acceptance limit of the sub-item (5 working days; 3 days for discharge permits) starts when the
   * window gets the application: on the first visit from the day it arrived, after a supplement from the
   * day the supplement arrived. If the limit runs out with the task still open, the application counts
   * as accepted on that day (DOMAIN.md): see AcceptanceLimitTimer. The acceptance task is due on the
   * limit's last day (before acceptance the case has no statutory clock, so no committed deadline to carry):
   * the inbox shows and sorts it like every other task.
   */
  private async startAcceptanceLimit(tx: EntityManager, row: CaseRow, taskId: string, round: number, now: Date, ctx: CaseContext): Promise<void> {
    const app = await tx.getRepository(ApplicationRow).findOne({ where: { id: row.id } });
    const sub = app && (await this.catalog.subItem(app.subItemCode).catch(() => null));
    if (!app || !sub) {
      this.logger.error({ caseId: row.id }, 'no application or sub-item for this acceptance task: no acceptance limit scheduled');
      return;
    }
    const from = round <= 1 ? app.receivedOn : shanghaiDate(now);
    const timer = acceptanceTimer(row.id, { taskId, from, limit: sub.acceptanceLimit, deemedOn: from }, this.calendar.get());
    await upsertTimers(tx, Jobs.TimerDue.intake, [timer], now, ctx.correlationId);
    await tx.getRepository(TaskRow).update({ id: taskId, caseId: row.id }, { dueDate: String(timer.data.deadline) });
    if (!timer.calendarComplete) {
      this.logger.warn(
        { caseId: row.id, deadline: timer.data.deadline },
        'acceptance deadline computed over a year the working-day calendar does not cover (Mon-Fri assumed)',
      );
      await incrementMetrics(tx, [{ metric: 'sla_calendar_incomplete_deadlines_total', labels: {}, by: 1 }]);
    }
  }

  /** The EIA section confirmed a declared registration form's category: it is filed now, with its number. */
  private async fileConfirmed(tx: EntityManager, row: CaseRow, now: Date, ctx: CaseContext): Promise<void> {
    const app = await tx.getRepository(ApplicationRow).findOneByOrFail({ id: row.id });
    const sub = await this.catalog.subItem(app.subItemCode);
    await fileConfirmedAtOnce(tx, app, sub, now, ctx.correlationId);
  }

  /** The accepted case goes to the service that owns its licence; its clock counts from the next day. */
  private async handOver(tx: EntityManager, row: CaseRow, acceptedOn: string, ctx: CaseContext): Promise<void> {
    const app = await tx.getRepository(ApplicationRow).findOneByOrFail({ id: row.id });
    const sub = await this.catalog.subItem(app.subItemCode);
    const owner = ownerOf(app.licenseType);
    await tx.getRepository(ApplicationRow).update({ id: app.id }, { owner: owner.service, acceptedOn });
    // recusals declared while the case was here go with it (read under the case lock: none can slip in between)
    const recused = (await tx.query(`SELECT DISTINCT actor FROM case_history WHERE case_id = $1 AND action = $2 ORDER BY actor`, [row.id, RECUSED_ACTION])) as {
      actor: string;
    }[];
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
        // what the workflow's gateways read: catalog facts and a project description, never the project spread
        data: { ...caseData(app, sub, deemedAcceptedOn(ctx) !== null), ...(recused.length ? { recusedBy: recused.map((r) => r.actor) } : {}) },
      },
      { correlationId: ctx.correlationId },
    );
  }
}

/** A deemed acceptance (the acceptance limit ran out) counts from the day the application arrived. */
function deemedAcceptedOn(ctx: CaseContext): string | null {
  return ctx.input?.deemedAcceptance === true && typeof ctx.input.acceptedOn === 'string' ? ctx.input.acceptedOn : null;
}
