// The working context of one `decide` call. `decide` hands the handlers a private deep copy of the
// state, so they may update it in place; the caller's state is never touched.
import type { Dept, Role } from '@permits/contracts/enums';
import type { Actor } from './commands';
import { findStep, type StepDef, type WorkflowDefinition } from './definition';
import { DefinitionMismatch, InvalidCommand, NotYourTask, TaskNotFound } from './errors';
import type { EventBody, TaskCancelReason } from './events';
import type { InstanceState, Task } from './state';

export interface Ctx {
  /** The definition the case runs on; `Migrate` swaps it. */
  def: WorkflowDefinition;
  readonly state: InstanceState;
  /** The command's instant, ISO-8601. */
  readonly now: string;
  readonly ids: () => string;
  readonly events: EventBody[];
}

export function emit(ctx: Ctx, event: EventBody): void {
  ctx.events.push(event);
}

export function requireStep(ctx: Ctx, id: string): StepDef {
  const step = findStep(ctx.def, id);
  if (!step) throw new DefinitionMismatch(`step "${id}" is not in definition ${ctx.def.key} v${ctx.def.version}`);
  return step;
}

export function currentStep(ctx: Ctx): StepDef {
  return requireStep(ctx, ctx.state.currentStepId);
}

export function findTask(ctx: Ctx, taskId: string): Task {
  const task = ctx.state.tasks.find((t) => t.id === taskId);
  if (!task) throw new TaskNotFound(taskId);
  return task;
}

export function openTasksOf(ctx: Ctx, stepId: string): Task[] {
  return ctx.state.tasks.filter((t) => t.status === 'open' && t.stepId === stepId);
}

export interface NewTask {
  stepId: string;
  kind: string;
  dept: Dept;
  assignee: string | null;
  signer: string | null;
  round: number;
}

export function openTask(ctx: Ctx, spec: NewTask): Task {
  const id = ctx.ids();
  if (ctx.state.tasks.some((t) => t.id === id)) throw new InvalidCommand(`ids() returned the task id "${id}" twice`);
  const task: Task = {
    id,
    ...spec,
    claimed: false,
    delegatedFrom: null,
    delegation: null,
    resolution: null,
    status: 'open',
    outcome: null,
    comment: null,
    completedBy: null,
    createdAt: ctx.now,
    completedAt: null,
  };
  ctx.state.tasks.push(task);
  emit(ctx, { type: 'TaskOpened', taskId: id, ...spec });
  return task;
}

export function cancelTask(ctx: Ctx, task: Task, reason: TaskCancelReason): void {
  task.status = 'cancelled';
  task.completedAt = ctx.now;
  emit(ctx, { type: 'TaskCancelled', taskId: task.id, stepId: task.stepId, reason });
}

// --- who may do what -------------------------------------------------------------------------

export const STAFF_ROLES: readonly Role[] = ['officer', 'head', 'admin'];

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

export function requireRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!hasRole(actor, ...roles)) throw new NotYourTask(`${what} needs one of the roles ${roles.join(', ')}`);
}

/**
 * A held task (assignee set: named, claimed, delegated or transferred) is its holder's alone;
 * a pool task belongs to every staff member of its department.
 */
export function mayWorkOn(task: Task, actor: Actor): boolean {
  if (!hasRole(actor, ...STAFF_ROLES)) return false;
  return task.assignee !== null ? task.assignee === actor.id : actor.dept === task.dept;
}

/** Heads of the task's department and admins may reassign a task they do not hold. */
export function supervises(task: Task, actor: Actor): boolean {
  return hasRole(actor, 'admin') || (hasRole(actor, 'head') && actor.dept === task.dept);
}

export function assertMayWorkOn(task: Task, actor: Actor): void {
  if (!mayWorkOn(task, actor)) {
    const holder = task.assignee !== null ? `user ${task.assignee}` : `department ${task.dept}`;
    throw new NotYourTask(`task ${task.id} belongs to ${holder}`);
  }
}
