import type { DataSource } from 'typeorm';
import type { AuthUser } from '@permits/auth';
import { Clock } from '@permits/clock';
import { shanghaiDate } from '@permits/workflow/calendar';
import type { CalendarSource } from '@permits/workflow-runtime/casework.queries';
import { taskListPage, taskListStatement } from '@permits/workflow-runtime/task-list';
import type { TaskListOptions, TaskListRow, TaskListSource } from '@permits/workflow-runtime/task-list';

/** The index holds open tasks only, each with its case's level, licence type and warning days beside it. */
const TASK_INDEX: TaskListSource = {
  from: 'tasks t',
  columns:
    't.id, t.case_id, t.kind, t.dept, t.assignee, t.due_date, t.created_at, NULL AS outcome, NULL::timestamptz AS completed_at, NULL AS completed_by, t.sla_level, t.yellow_within_days',
  slaLevel: 't.sla_level',
  licenseType: 't.license_type',
  status: () => 't.open',
};

/**
 * The open inbox (GET /api/v1/tasks, status=open) from the task index, in one query: the same rule, filters, orders and
 * cursors as each case service's CaseworkQueries.tasks (one statement: task-list.ts) — the caller's department's open tasks (except a task held by
 * name that names someone else) and every open task assigned to the caller, two index range scans merged.
 */
export class TaskInboxQueries {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarSource,
  ) {}

  async open(user: AuthUser, q: TaskListOptions) {
    const { order, sql, params } = taskListStatement(TASK_INDEX, user, { ...q, status: 'open' });
    const rows: TaskListRow[] = await this.db.query(sql, params);
    return taskListPage(rows, order, q.limit, shanghaiDate(await this.clock.now()), this.calendar.get());
  }
}
