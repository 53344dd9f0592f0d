import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@permits/auth';
import { isStaff } from '@permits/auth';
import { shanghaiDate, WorkingCalendar } from '@permits/workflow/calendar';
import { viewClock } from '@permits/workflow/clock';
import { Clock } from '@permits/clock';
import { decodeTaskCursor, encodeTaskCursor, TaskOrder } from './cursor';
import { applicantHistory } from './history';
import { AuditRow, CaseRow, HistoryRow, TaskRow } from './entities';
import { taskLevel } from './timers/timer-plan';
import { keepDeemedRed } from './case-runtime';
import { NAMED_TASK_KINDS } from './task-stream';
import type { SlaLevel } from '@permits/contracts/enums';
import { DomainError, invalidRequest, pageOf } from '@permits/core';

export const CALENDAR = Symbol('CALENDAR');

// the rule of who finds a task in the open inbox is shared with the task stream (GET /api/v1/tasks/stream)
export { NAMED_TASK_KINDS } from './task-stream';

export interface TaskListOptions {
  status?: 'open' | 'completed';
  sort?: 'createdAt' | 'completedAt' | 'dueDate';
  kind?: string;
  slaLevel?: string;
  licenseType?: string;
  applicationId?: string;
  limit: number;
  cursor?: string;
}

interface TaskListRow {
  id: string;
  case_id: string;
  kind: string;
  dept: string;
  assignee: string | null;
  due_date: string | null;
  created_at: Date;
  outcome: string | null;
  completed_at: Date | null;
  completed_by: string | null;
  sla_level: SlaLevel;
  yellow_within_days: number;
}

/** The keyset order of a task list: its `sort`, else newest first (open) or latest completed first. */
export function taskOrder(status: 'open' | 'completed', sort?: 'createdAt' | 'completedAt' | 'dueDate'): TaskOrder {
  if (sort === 'dueDate') return 'due';
  if (sort === 'completedAt') {
    if (status !== 'completed') throw invalidRequest('sort=completedAt goes with status=completed');
    return 'completed';
  }
  if (sort === 'createdAt') return 'created';
  return status === 'completed' ? 'completed' : 'created';
}

export interface CalendarSource {
  get(): WorkingCalendar;
}

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
    const status = q.status ?? 'open';
    const order = taskOrder(status, q.sort);
    const limit = q.limit;
    const after = decodeTaskCursor(order, q.cursor);
    const params: unknown[] = [user.dept ?? null, user.id, limit + 1];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [`t.status = ${p(status)}`];
    if (q.kind) where.push(`t.kind = ${p(q.kind)}`);
    if (q.applicationId) where.push(`t.case_id = ${p(q.applicationId)}`);
    if (q.slaLevel) where.push(`c.sla_level = ${p(q.slaLevel)}`);
    if (q.licenseType) where.push(`c.license_type = ${p(q.licenseType)}`);
    const col = order === 'created' ? 't.created_at' : order === 'completed' ? 't.completed_at' : 't.due_date';
    if (after) {
      if (order !== 'due') where.push(`(${col}, t.id) < (${p(after.value)}::timestamptz, ${p(after.id)})`);
      else if (after.value === null) where.push(`(t.due_date IS NULL AND t.id > ${p(after.id)})`);
      else where.push(`(t.due_date IS NULL OR (t.due_date, t.id) > (${p(after.value)}::date, ${p(after.id)}))`);
    }
    const orderBy = order === 'due' ? 't.due_date ASC NULLS LAST, t.id ASC' : `${col} DESC, t.id DESC`;
    const outerOrder = order === 'due' ? 'due_date ASC NULLS LAST, id ASC' : `${order === 'created' ? 'created_at' : 'completed_at'} DESC, id DESC`;
    const who = status === 'open' ? 't.assignee' : 't.completed_by';
    const branch = (mine: string) =>
      `(SELECT t.id, t.case_id, t.kind, t.dept, t.assignee, t.due_date, t.created_at, t.outcome, t.completed_at, t.completed_by, c.sla_level, c.yellow_within_days
          FROM tasks t JOIN cases c ON c.id = t.case_id
         WHERE ${mine} AND ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT $3)`;
    const rows: TaskListRow[] = await this.db.query(
      `SELECT id, case_id, kind, dept, assignee, due_date::text AS due_date, created_at, outcome, completed_at, completed_by, sla_level, yellow_within_days
         FROM (${branch(status === 'open' ? `t.dept = $1 AND NOT (t.kind = ANY(${p(NAMED_TASK_KINDS)}::text[]) AND t.assignee IS DISTINCT FROM $2)` : 't.dept = $1')} UNION ${branch(`${who} = $2`)}) t
        ORDER BY ${outerOrder} LIMIT $3`,
      params,
    );
    const today = shanghaiDate(await this.clock.now());
    const calendar = this.calendar.get();
    // a countersign task has its own due date and level (API.md); the others carry the case's
    const levelOf = (r: TaskListRow): SlaLevel =>
      r.kind === 'countersign' && r.due_date ? taskLevel(r.due_date, today, calendar, r.yellow_within_days) : r.sla_level;
    const items = rows.map((r) => ({
      id: r.id,
      applicationId: r.case_id,
      caseId: r.case_id,
      kind: r.kind,
      dept: r.dept,
      assignee: r.assignee,
      dueDate: r.due_date,
      slaLevel: levelOf(r),
      createdAt: new Date(r.created_at).toISOString(),
      outcome: r.outcome,
      completedAt: r.completed_at ? new Date(r.completed_at).toISOString() : null,
      completedBy: r.completed_by,
    }));
    return pageOf(items, limit, (t) => encodeTaskCursor(order, t));
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
