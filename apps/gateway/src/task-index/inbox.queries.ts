import type { DataSource } from 'typeorm';
import type { AuthUser } from '@permits/auth';
import { Clock } from '@permits/clock';
import { pageOf } from '@permits/core';
import type { SlaLevel } from '@permits/contracts/enums';
import { shanghaiDate } from '@permits/workflow/calendar';
import type { CalendarSource, TaskListOptions } from '@permits/workflow-runtime/casework.queries';
import { decodeTaskCursor, encodeTaskCursor } from '@permits/workflow-runtime/cursor';
import { NAMED_TASK_KINDS } from '@permits/workflow-runtime/task-stream';
import { taskLevel } from '@permits/workflow-runtime/timers/timer-plan';

interface Row {
  id: string;
  case_id: string;
  kind: string;
  dept: string;
  assignee: string | null;
  due_date: string | null;
  created_at: Date;
  sla_level: SlaLevel;
  yellow_within_days: number;
}

/**
 * The open inbox (GET /api/v1/tasks, status=open) from the task index, in one query: the same rule, filters, orders and
 * cursors as each case service's CaseworkQueries.tasks — the caller's department's open tasks (except a task held by
 * name that names someone else) and every open task assigned to the caller, two index range scans merged.
 */
export class TaskInboxQueries {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarSource,
  ) {}

  async open(user: AuthUser, q: TaskListOptions) {
    const order = q.sort === 'dueDate' ? 'due' : 'created';
    const limit = q.limit;
    const after = decodeTaskCursor(order, q.cursor);
    const params: unknown[] = [user.dept ?? null, user.id, limit + 1];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = ['t.open'];
    if (q.kind) where.push(`t.kind = ${p(q.kind)}`);
    if (q.applicationId) where.push(`t.case_id = ${p(q.applicationId)}`);
    if (q.slaLevel) where.push(`t.sla_level = ${p(q.slaLevel)}`);
    if (q.licenseType) where.push(`t.license_type = ${p(q.licenseType)}`);
    if (after) {
      if (order === 'created') where.push(`(t.created_at, t.id) < (${p(after.value)}::timestamptz, ${p(after.id)})`);
      else if (after.value === null) where.push(`(t.due_date IS NULL AND t.id > ${p(after.id)})`);
      else where.push(`(t.due_date IS NULL OR (t.due_date, t.id) > (${p(after.value)}::date, ${p(after.id)}))`);
    }
    const orderBy = order === 'due' ? 't.due_date ASC NULLS LAST, t.id ASC' : 't.created_at DESC, t.id DESC';
    const outer = order === 'due' ? 'due_date ASC NULLS LAST, id ASC' : 'created_at DESC, id DESC';
    const branch = (mine: string) =>
      `(SELECT t.id, t.case_id, t.kind, t.dept, t.assignee, t.due_date, t.created_at, t.sla_level, t.yellow_within_days
          FROM tasks t WHERE ${mine} AND ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT $3)`;
    const rows: Row[] = await this.db.query(
      `SELECT id, case_id, kind, dept, assignee, due_date::text AS due_date, created_at, sla_level, yellow_within_days
         FROM (${branch(`t.dept = $1 AND NOT (t.kind = ANY(${p(NAMED_TASK_KINDS)}::text[]) AND t.assignee IS DISTINCT FROM $2)`)}
               UNION ${branch('t.assignee = $2')}) t
        ORDER BY ${outer} LIMIT $3`,
      params,
    );
    const today = shanghaiDate(await this.clock.now());
    const calendar = this.calendar.get();
    // a countersign task has its own due date and level (API.md); the others carry the case's
    const levelOf = (r: Row): SlaLevel => (r.kind === 'countersign' && r.due_date ? taskLevel(r.due_date, today, calendar, r.yellow_within_days) : r.sla_level);
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
      outcome: null,
      completedAt: null,
      completedBy: null,
    }));
    return pageOf(items, limit, (t) => encodeTaskCursor(order, t));
  }
}
