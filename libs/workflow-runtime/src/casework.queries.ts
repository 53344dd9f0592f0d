import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@permits/auth';
import { isStaff } from '@permits/auth';
import { DomainError } from '@permits/http';
import { shanghaiDate, WorkingCalendar } from '@permits/workflow/calendar';
import { viewClock } from '@permits/workflow/clock';
import { Clock } from '@permits/clock';
import { decodeCursor, encodeCursor } from './cursor';
import { applicantHistory } from './history';
import { AuditRow, CaseRow, HistoryRow, TaskRow } from './entities';
import { taskLevel } from './timers/timer-plan';
import type { SlaLevel } from '@permits/contracts/enums';

export const CALENDAR = Symbol('CALENDAR');

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
    if (!row || (!isStaff(user) && !user.roles.includes('auditor') && row.applicantCreditCode !== user.creditCode)) throw new DomainError('NOT_FOUND', 'application not found');
    return row;
  }

  async inbox(user: AuthUser, limit: number, cursor?: string) {
    const after = decodeCursor(cursor);
    const params: unknown[] = [user.dept ?? null, user.id, limit + 1];
    let keyset = '';
    if (after) {
      params.push(after.at, after.id);
      keyset = 'AND (t.created_at, t.id) < ($4::timestamptz, $5)';
    }
    // Two index range scans (dept pool, personal), each newest first and limited, then merged.
    const rows: (TaskRow & { sla_level: SlaLevel; case_id: string; due_date: string | null; created_at: Date; yellow_within_days: number })[] = await this.db.query(
      `SELECT t.id, t.case_id, t.kind, t.dept, t.assignee, t.due_date::text AS due_date, t.created_at, c.sla_level, c.yellow_within_days
         FROM (
           (SELECT * FROM tasks t WHERE t.status = 'open' AND t.dept = $1 ${keyset} ORDER BY t.created_at DESC, t.id DESC LIMIT $3)
           UNION
           (SELECT * FROM tasks t WHERE t.status = 'open' AND t.assignee = $2 ${keyset} ORDER BY t.created_at DESC, t.id DESC LIMIT $3)
         ) t JOIN cases c ON c.id = t.case_id
        ORDER BY t.created_at DESC, t.id DESC LIMIT $3`,
      params,
    );
    const page = rows.slice(0, limit);
    const today = shanghaiDate(await this.clock.now());
    const calendar = this.calendar.get();
    // a countersign task has its own due date and level (API.md); the others carry the case's
    const levelOf = (r: (typeof rows)[number]): SlaLevel => (r.kind === 'countersign' && r.due_date ? taskLevel(r.due_date, today, calendar, r.yellow_within_days) : r.sla_level);
    const items = page.map((r) => ({
      id: r.id,
      applicationId: r.case_id,
      kind: r.kind,
      dept: r.dept,
      assignee: r.assignee,
      dueDate: r.due_date,
      slaLevel: levelOf(r),
      createdAt: new Date(r.created_at).toISOString(),
    }));
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(new Date(last.created_at), last.id) : null };
  }

  async deptHoldsOpenTask(caseId: string, dept: string): Promise<boolean> {
    return this.db.getRepository(TaskRow).exists({ where: { caseId, dept: dept as TaskRow['dept'], status: 'open' } });
  }

  async task(id: string): Promise<TaskRow> {
    const task = await this.db.getRepository(TaskRow).findOne({ where: { id } });
    if (!task) throw new DomainError('TASK_NOT_FOUND', `task ${id} not found`);
    return task;
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
    return viewClock(row.clock, today, this.calendar.get(), { yellowWithinDays: row.yellowWithinDays });
  }

  async audit(caseId: string) {
    const rows = await this.db.getRepository(AuditRow).find({ where: { caseId }, order: { caseSeq: 'ASC' } });
    return rows.map((r) => ({ id: r.id, seq: r.caseSeq, at: r.at.toISOString(), actor: r.actor, action: r.action, payload: r.payload, prevHash: r.prevHash, hash: r.hash }));
  }

  /**
   * API.md "SLA": open cases by level (the stored level, kept current by the SLA timers), paused cases, and
   * per licence type the closed cases and, over those decided (approved or denied; a withdrawal is no
   * decision), the average elapsed days, average days saved and the share decided within the committed limit.
   */
  async slaOverview() {
    const open = await this.db.query(`SELECT sla_level AS level, count(*)::int AS n FROM cases WHERE closed_at IS NULL AND clock IS NOT NULL GROUP BY sla_level`);
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
