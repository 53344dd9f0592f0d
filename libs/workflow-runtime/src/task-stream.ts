import type { AuthUser } from '@permits/auth';
import { isIsoDate } from '@permits/core';
import { DEPARTMENTS, SLA_LEVELS } from '@permits/contracts/enums';

/**
 * Task kinds held by name (an inspection, by the inspector drawn for it): in the open list of their holder
 * only, never in their department's pool (API.md: each drawn inspector finds the check, and no one else does).
 */
export const NAMED_TASK_KINDS = ['inspection'];

/** A task that opened, as GET /api/v1/tasks lists it (API.md "Tasks (staff)"): what the task stream sends. */
export interface OpenedTask {
  id: string;
  caseId: string;
  applicationId: string;
  kind: string;
  dept: string;
  assignee: string | null;
  dueDate: string | null;
  slaLevel: string;
  createdAt: string;
}

/** The Redis pub/sub channel on which the case services announce the tasks their committed commands opened. */
export function taskChannel(prefix: string): string {
  return `${prefix}:tasks:opened`;
}

/**
 * Whether the caller's open inbox lists the task: the same rule as CaseworkQueries.tasks (status=open) —
 * the caller's department's tasks, except a task held by name (an inspection) that names someone else; and
 * every task assigned to the caller.
 */
export function mayActOn(user: Pick<AuthUser, 'id' | 'dept'>, task: Pick<OpenedTask, 'dept' | 'kind' | 'assignee'>): boolean {
  if (task.assignee !== null && task.assignee === user.id) return true;
  return user.dept !== undefined && task.dept === user.dept && !(NAMED_TASK_KINDS.includes(task.kind) && task.assignee !== user.id);
}

const TASK_ID = /^(in|ea|dp|su)_[A-Za-z0-9_.:-]{1,200}$/;
const SHORT = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

/**
 * A message from the channel, checked field by field; undefined for anything else. The channel is a hint, not
 * an authority (anyone who can publish on this Redis can put a message on it, and the HTTP processes that
 * publish hold no QUEUE_KEY to sign with): a workbench re-reads the task through the API before it acts, and
 * the task's own service checks every command.
 */
export function parseOpenedTask(message: string): OpenedTask | undefined {
  let m: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(message);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    m = parsed as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof m.id !== 'string' || !TASK_ID.test(m.id)) return undefined;
  if (!SHORT(m.caseId) || !SHORT(m.applicationId) || !SHORT(m.kind)) return undefined;
  if (!(DEPARTMENTS as readonly unknown[]).includes(m.dept)) return undefined;
  if (m.assignee !== null && !SHORT(m.assignee)) return undefined;
  if (m.dueDate !== null && (typeof m.dueDate !== 'string' || !isIsoDate(m.dueDate))) return undefined;
  if (!(SLA_LEVELS as readonly unknown[]).includes(m.slaLevel)) return undefined;
  if (typeof m.createdAt !== 'string' || Number.isNaN(Date.parse(m.createdAt))) return undefined;
  return {
    id: m.id,
    caseId: m.caseId,
    applicationId: m.applicationId,
    kind: m.kind,
    dept: m.dept as string,
    assignee: m.assignee as string | null,
    dueDate: m.dueDate as string | null,
    slaLevel: m.slaLevel as string,
    createdAt: m.createdAt,
  };
}
