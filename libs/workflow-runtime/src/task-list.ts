import type { AuthUser } from '@permits/auth';
import type { SlaLevel } from '@permits/contracts/enums';
import { invalidRequest, pageOf } from '@permits/core';
import type { WorkingCalendar } from '@permits/workflow/calendar';
import { decodeTaskCursor, encodeTaskCursor, TaskOrder } from './cursor';
import { NAMED_TASK_KINDS } from './task-stream';
import { taskLevel } from './timers/timer-plan';

// The task lists of API.md "Tasks (staff)" as one statement, wherever they are read: each case service reads
// its own tasks (CaseworkQueries.tasks), the gateway reads the task index (TaskInboxQueries). Who finds a
// task is a duty rule (a task held by name reaches its holder only), so it is written here once.

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

/** What one row of a task list carries, whichever table it came from. */
export interface TaskListRow {
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

/** Where a list reads its tasks (aliased `t`) and, per task, its case's SLA level, licence type and warning days. */
export interface TaskListSource {
  /** FROM of each branch, e.g. `tasks t JOIN cases c ON c.id = t.case_id`. */
  from: string;
  /** The columns of TaskListRow as each branch selects them (outcome etc. as NULL where the source has none). */
  columns: string;
  slaLevel: string;
  licenseType: string;
  /** The condition that keeps the list's status, given the parameter placeholder of the status. */
  status: (status: 'open' | 'completed', param: (v: unknown) => string) => string;
}

/**
 * Who finds a task, as the two branches of the list (the SQL form of task-stream.ts `mayActOn`, $1 the caller's
 * department, $2 the caller): open — the department's tasks except one held by name (an inspection) that names
 * someone else, and every task assigned to the caller; completed — the department's, and what the caller completed.
 */
export function whoFindsTasks(status: 'open' | 'completed', param: (v: unknown) => string): [department: string, person: string] {
  if (status === 'completed') return ['t.dept = $1', 't.completed_by = $2'];
  return [`t.dept = $1 AND NOT (t.kind = ANY(${param(NAMED_TASK_KINDS)}::text[]) AND t.assignee IS DISTINCT FROM $2)`, 't.assignee = $2'];
}

/**
 * The list's statement: filtered by kind, SLA level, licence type and case, in one of the keyset orders of
 * `TaskOrder`, after the cursor. Two index range scans (the department's, the person's), each in the list's
 * order and limited, then merged.
 */
export function taskListStatement(source: TaskListSource, user: AuthUser, q: TaskListOptions): { order: TaskOrder; sql: string; params: unknown[] } {
  const status = q.status ?? 'open';
  const order = taskOrder(status, q.sort);
  const after = decodeTaskCursor(order, q.cursor);
  const params: unknown[] = [user.dept ?? null, user.id, q.limit + 1];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [source.status(status, p)];
  if (q.kind) where.push(`t.kind = ${p(q.kind)}`);
  if (q.applicationId) where.push(`t.case_id = ${p(q.applicationId)}`);
  if (q.slaLevel) where.push(`${source.slaLevel} = ${p(q.slaLevel)}`);
  if (q.licenseType) where.push(`${source.licenseType} = ${p(q.licenseType)}`);
  const col = order === 'created' ? 't.created_at' : order === 'completed' ? 't.completed_at' : 't.due_date';
  if (after) {
    if (order !== 'due') where.push(`(${col}, t.id) < (${p(after.value)}::timestamptz, ${p(after.id)})`);
    else if (after.value === null) where.push(`(t.due_date IS NULL AND t.id > ${p(after.id)})`);
    else where.push(`(t.due_date IS NULL OR (t.due_date, t.id) > (${p(after.value)}::date, ${p(after.id)}))`);
  }
  const orderBy = order === 'due' ? 't.due_date ASC NULLS LAST, t.id ASC' : `${col} DESC, t.id DESC`;
  const outerOrder = order === 'due' ? 'due_date ASC NULLS LAST, id ASC' : `${order === 'created' ? 'created_at' : 'completed_at'} DESC, id DESC`;
  const branch = (mine: string) => `(SELECT ${source.columns} FROM ${source.from} WHERE ${mine} AND ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT $3)`;
  const [department, person] = whoFindsTasks(status, p);
  const sql = `SELECT id, case_id, kind, dept, assignee, due_date::text AS due_date, created_at, outcome, completed_at, completed_by, sla_level, yellow_within_days
         FROM (${branch(department)} UNION ${branch(person)}) t
        ORDER BY ${outerOrder} LIMIT $3`;
  return { order, sql, params };
}

/** The page a list's rows make (API.md's task shape; a countersign task has its own due date and level). */
export function taskListPage(rows: TaskListRow[], order: TaskOrder, limit: number, today: string, calendar: WorkingCalendar) {
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
