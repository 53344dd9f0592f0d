import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@permits/auth';
import { isStaff } from '@permits/auth';
import { shanghaiDate, WorkingCalendar } from '@permits/workflow/calendar';
import { viewClock } from '@permits/workflow/clock';
import { Clock } from '@permits/clock';
import { applicantHistory } from './history';
import { AuditRow, CaseRow, HistoryRow, TaskRow } from './entities';
import { keepDeemedRed } from './case-runtime';
import { taskListPage, taskListStatement } from './task-list';
import type { TaskListOptions, TaskListRow, TaskListSource } from './task-list';
import { DomainError } from '@permits/core';

export const CALENDAR = Symbol('CALENDAR');

// the task lists' options, orders and their one statement (who finds a task, shared with the task index): task-list.ts

export interface CalendarSource {
  get(): WorkingCalendar;
}

/** A case service's task lists read its own tasks, with the case's level and licence type from its cases. */
const CASE_SERVICE_TASKS: TaskListSource = {
  from: 'tasks t JOIN cases c ON c.id = t.case_id',
  columns:
    't.id, t.case_id, t.kind, t.dept, t.assignee, t.due_date, t.created_at, t.outcome, t.completed_at, t.completed_by, c.sla_level, c.yellow_within_days',
  slaLevel: 'c.sla_level',
  licenseType: 'c.license_type',
  status: (status, p) => `t.status = ${p(status)}`,
};

/** Read side of the case work: the inbox, a case's view, audit, the SLA overview. */
@Injectable()
export class CaseworkQueries {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarSource,
  ) {}

  /** Loads a case the caller may see: staff see all, an applicant only their enterprise's (else 404). */
  async visibleCase(id: string, user: AuthUser): Promise<CaseRow> {
    const row = await this.db.getRepository(CaseRow).findOne({ where: { id } });
    if (!row || (!isStaff(user) && !user.roles.includes('auditor') && row.applicantCreditCode !== user.creditCode))
      throw new DomainError('NOT_FOUND', 'application not found');
    return row;
  }

  /**
   * The task lists (API.md "Tasks"): open tasks of the caller's department or assigned to the caller, or the
   * tasks the caller or the caller's department completed; filtered by kind, SLA level, licence type and case; in one of
   * the keyset orders of `TaskOrder`. Two index range scans (the department's, the person's), each in the
   * list's order and limited, then merged.
   */
  async tasks(user: AuthUser, q: TaskListOptions) {
    const { order, sql, params } = taskListStatement(CASE_SERVICE_TASKS, user, q);
    const rows: TaskListRow[] = await this.db.query(sql, params);
    return taskListPage(rows, order, q.limit, shanghaiDate(await this.clock.now()), this.calendar.get());
  }

  async deptHoldsOpenTask(caseId: string, dept: string): Promise<boolean> {
    return this.db.getRepository(TaskRow).exists({ where: { caseId, dept: dept as TaskRow['dept'], status: 'open' } });
  }

  async task(id: string): Promise<TaskRow> {
    const task = await this.db.getRepository(TaskRow).findOne({ where: { id } });
    if (!task) throw new DomainError('TASK_NOT_FOUND', `task ${id} not found`);
    return task;
  }

  /** The view of a case the caller may see (else 404): what every case command answers. */
  async visibleView(id: string, user: AuthUser) {
    return this.view(await this.visibleCase(id, user), user);
  }

  /** A case's tasks and history; an applicant's view leaves out the bureau's deliberation (history.ts applicantHistory). */
  async view(row: CaseRow, user: AuthUser) {
    const [tasks, history] = await Promise.all([
      this.db.getRepository(TaskRow).find({ where: { caseId: row.id, status: 'open' }, order: { createdAt: 'ASC' } }),
      this.db.getRepository(HistoryRow).find({ where: { caseId: row.id }, order: { id: 'ASC' } }),
    ]);
    const staff = isStaff(user) || user.roles.includes('auditor');
    const lines = history.map((h) => ({ at: h.at.toISOString(), actor: h.actor, action: h.action, detail: h.detail }));
    return {
      id: row.id,
      status: row.status,
      version: row.version,
      licenseType: row.licenseType,
      subItemCode: row.subItemCode,
      openTasks: tasks.map((t) => ({ id: t.id, kind: t.kind, dept: t.dept, assignee: staff ? t.assignee : null })),
      history: staff ? lines : applicantHistory(lines),
      sla: await this.sla(row),
    };
  }

  async sla(row: CaseRow) {
    if (!row.clock) return null;
    const today = shanghaiDate(await this.clock.now());
    return keepDeemedRed(row, viewClock(row.clock, today, this.calendar.get(), { yellowWithinDays: row.yellowWithinDays }));
  }

  /** Whether this user declared a recusal on the case (its history). */
  async recusedBy(caseId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM case_history WHERE case_id = $1 AND action = 'recused' AND actor = $2 LIMIT 1`, [
      caseId,
      userId,
    ]);
    return rows.length > 0;
  }

  async audit(caseId: string) {
    const rows = await this.db.getRepository(AuditRow).find({ where: { caseId }, order: { caseSeq: 'ASC' } });
    return rows.map((r) => ({
      id: r.id,
      seq: r.caseSeq,
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      payload: r.payload,
      prevHash: r.prevHash,
      hash: r.hash,
    }));
  }

  /**
   * API.md "SLA": open cases by level (the stored level, kept current by the SLA timers), paused cases, and
   * per licence type the closed cases and, over those decided (approved or denied; a withdrawal is no
   * decision), the average elapsed days, average days saved and the share decided within the committed limit.
   */
  async slaOverview() {
    const open = await this.db.query(
      `SELECT sla_level AS level, count(*)::int AS n FROM cases WHERE closed_at IS NULL AND clock IS NOT NULL GROUP BY sla_level`,
    );
    const paused = await this.db.query(`SELECT count(*)::int AS n FROM cases WHERE closed_at IS NULL AND clock->>'status' = 'paused'`);
    const closed = await this.db.query(
      `SELECT license_type AS "licenseType", count(*)::int AS closed,
              count(*) FILTER (WHERE status IN ('approved', 'denied'))::int AS decided,
              avg(elapsed_days) FILTER (WHERE status IN ('approved', 'denied'))::float AS "avgElapsedDays",
              avg(days_saved) FILTER (WHERE status IN ('approved', 'denied'))::float AS "avgDaysSaved",
              avg(CASE WHEN within_committed THEN 1 ELSE 0 END) FILTER (WHERE status IN ('approved', 'denied'))::float AS "withinCommittedShare"
         FROM cases WHERE closed_at IS NOT NULL AND clock IS NOT NULL
        GROUP BY license_type ORDER BY license_type`,
    );
    const levels = { green: 0, yellow: 0, red: 0 } as Record<string, number>;
    for (const r of open as { level: string; n: number }[]) levels[r.level] = r.n;
    return { open: levels, paused: paused[0]?.n ?? 0, byLicenseType: closed };
  }
}
