// Task commands: complete (including return and the delegate's resolution), claim, unclaim,
// delegate (委派) and transfer (转办).
import { ACCEPTANCE_OUTCOMES, type TaskOutcome } from '@permits/contracts/enums';
import type { ClaimTask, CompleteTask, DelegateTask, TransferTask, UnclaimTask } from './commands';
import { assertMayWorkOn, currentStep, emit, findTask, hasRole, STAFF_ROLES, supervises, type Ctx } from './context';
import { recordVote } from './countersign';
import { ACCEPTANCE_TASK_KIND, findStep, heldByName, type StepDef, type TaskStep } from './definition';
import { InvalidCommand, InvalidTransition, NotYourTask } from './errors';
import type { Task } from './state';
import { advance } from './steps';

export function completeTask(ctx: Ctx, cmd: CompleteTask): void {
  const task = findTask(ctx, cmd.taskId);
  assertMayWorkOn(task, cmd.actor);
  assertOpen(task);
  const step = currentStep(ctx);
  assertLegalOutcome(task, step, cmd);
  if (task.delegation === 'pending') {
    resolveDelegation(ctx, task, cmd);
    return;
  }
  closeTask(ctx, task, cmd);
  if (cmd.outcome === 'return') {
    returnCase(ctx, task, cmd);
  } else if (step.kind === 'task') {
    advance(ctx, routeFor(step, cmd.outcome)!);
  } else {
    recordVote(ctx, task, cmd.outcome === 'approve' ? 'approve' : 'reject', cmd.actor.id);
  }
}

export function claimTask(ctx: Ctx, cmd: ClaimTask): void {
  const task = findTask(ctx, cmd.taskId);
  assertNotHeldByName(ctx, task);
  if (task.assignee === cmd.actor.id) throw new InvalidTransition(`task ${task.id} is already yours`);
  if (!hasRole(cmd.actor, ...STAFF_ROLES) || cmd.actor.dept !== task.dept) {
    throw new NotYourTask(`task ${task.id} belongs to department ${task.dept}`);
  }
  assertOpen(task);
  if (task.assignee !== null) throw new InvalidTransition(`task ${task.id} is held by ${task.assignee}`);
  task.assignee = cmd.actor.id;
  task.claimed = true;
  emit(ctx, { type: 'TaskClaimed', taskId: task.id, by: cmd.actor.id });
}

/** Puts a claimed task back into its department's pool: by its holder, a head of the department, or an admin. */
export function unclaimTask(ctx: Ctx, cmd: UnclaimTask): void {
  const task = findTask(ctx, cmd.taskId);
  assertNotHeldByName(ctx, task);
  if (task.assignee !== cmd.actor.id && !supervises(task, cmd.actor)) throw new NotYourTask(`task ${task.id} is not yours`);
  assertOpen(task);
  assertNoPendingDelegation(task);
  if (!task.claimed || task.assignee === null) throw new InvalidTransition(`task ${task.id} was not claimed from the pool`);
  const from = task.assignee;
  task.assignee = null;
  task.claimed = false;
  emit(ctx, { type: 'TaskUnclaimed', taskId: task.id, by: cmd.actor.id, from });
}

/** 委派: the delegate holds the task until they complete it, which hands it back to the delegator. */
export function delegateTask(ctx: Ctx, cmd: DelegateTask): void {
  const task = findTask(ctx, cmd.taskId);
  assertNotHeldByName(ctx, task);
  assertMayWorkOn(task, cmd.actor);
  assertOpen(task);
  assertNoPendingDelegation(task);
  assertUserId(cmd.toUserId);
  if (cmd.toUserId === cmd.actor.id) throw new InvalidCommand('cannot delegate a task to yourself');
  task.delegatedFrom = cmd.actor.id;
  task.delegation = 'pending';
  task.resolution = null;
  task.assignee = cmd.toUserId;
  emit(ctx, { type: 'TaskDelegated', taskId: task.id, from: cmd.actor.id, to: cmd.toUserId });
}

/** 转办: the task passes to another user for good; its holder, a head of its department or an admin may do it. */
export function transferTask(ctx: Ctx, cmd: TransferTask): void {
  const task = findTask(ctx, cmd.taskId);
  assertNotHeldByName(ctx, task);
  if (!supervises(task, cmd.actor)) assertMayWorkOn(task, cmd.actor);
  assertOpen(task);
  assertNoPendingDelegation(task);
  assertUserId(cmd.toUserId);
  if (task.assignee === cmd.toUserId) throw new InvalidTransition(`task ${task.id} is already held by ${cmd.toUserId}`);
  const from = task.assignee;
  task.assignee = cmd.toUserId;
  task.claimed = false;
  task.delegatedFrom = null;
  task.delegation = null;
  task.resolution = null;
  emit(ctx, { type: 'TaskTransferred', taskId: task.id, from, to: cmd.toUserId, by: cmd.actor.id });
}

/** The delegate's "completion" only records a recommendation and hands the task back. */
function resolveDelegation(ctx: Ctx, task: Task, cmd: CompleteTask): void {
  const backTo = task.delegatedFrom!;
  const comment = cmd.comment ?? null;
  task.assignee = backTo;
  task.delegation = 'resolved';
  task.resolution = { by: cmd.actor.id, outcome: cmd.outcome, comment, at: ctx.now };
  emit(ctx, { type: 'TaskDelegationResolved', taskId: task.id, by: cmd.actor.id, backTo, outcome: cmd.outcome, comment });
}

function closeTask(ctx: Ctx, task: Task, cmd: CompleteTask): void {
  task.status = 'completed';
  task.outcome = cmd.outcome;
  task.comment = cmd.comment ?? null;
  task.completedBy = cmd.actor.id;
  task.completedAt = ctx.now;
  emit(ctx, {
    type: 'TaskCompleted',
    taskId: task.id,
    stepId: task.stepId,
    kind: task.kind,
    outcome: cmd.outcome,
    by: cmd.actor.id,
    comment: task.comment,
  });
}

/**
 * 退回: back to the previous human step on the current route, or to `returnTo` if it is on it.
 * Open tasks of the current step (every countersign task included) are cancelled, its votes dropped.
 */
function returnCase(ctx: Ctx, task: Task, cmd: CompleteTask): void {
  const target = returnTarget(ctx, cmd.returnTo);
  emit(ctx, { type: 'CaseReturned', fromStepId: task.stepId, toStepId: target, by: cmd.actor.id, taskId: task.id });
  advance(ctx, target, 'returned');
}

function returnTarget(ctx: Ctx, returnTo: string | undefined): string {
  const { stack, currentStepId } = ctx.state;
  const behind = stack.slice(0, stack.lastIndexOf(currentStepId));
  if (returnTo === undefined) {
    const previous = behind.at(-1);
    if (previous === undefined) throw new InvalidTransition(`nothing to return to before step ${currentStepId}`);
    return previous;
  }
  if (!behind.includes(returnTo)) {
    const route = behind.join(', ') || 'none';
    throw new InvalidTransition(`cannot return to "${returnTo}": not an earlier step on this case's route (${route})`);
  }
  return returnTo;
}

const ROUTED_REVIEW_OUTCOMES: readonly TaskOutcome[] = ['approve', 'reject'];

function assertLegalOutcome(task: Task, step: StepDef, cmd: CompleteTask): void {
  if (cmd.returnTo !== undefined && cmd.outcome !== 'return') throw new InvalidCommand('returnTo goes with the outcome return only');
  const acceptance = task.kind === ACCEPTANCE_TASK_KIND;
  const legal: readonly TaskOutcome[] = acceptance ? ACCEPTANCE_OUTCOMES : [...ROUTED_REVIEW_OUTCOMES, 'return'];
  if (!legal.includes(cmd.outcome)) {
    throw new InvalidTransition(`outcome "${cmd.outcome}" is not legal for a ${task.kind} task (legal: ${legal.join(', ')})`);
  }
  if (step.kind === 'task' && cmd.outcome !== 'return' && routeFor(step, cmd.outcome) === undefined) {
    throw new InvalidTransition(`step ${step.id} has no route for outcome "${cmd.outcome}"`);
  }
}

function routeFor(step: TaskStep, outcome: TaskOutcome): string | undefined {
  return outcome === 'return' ? undefined : step.outcomes[outcome];
}

/** A task held by name (an inspection of the inspector drawn for it) stays with that person: 403 to anyone. */
function assertNotHeldByName(ctx: Ctx, task: Task): void {
  if (heldByName(findStep(ctx.def, task.stepId))) throw new NotYourTask(`task ${task.id} is held by name: it is never claimed, delegated or transferred`);
}

function assertOpen(task: Task): void {
  if (task.status !== 'open') throw new InvalidTransition(`task ${task.id} is ${task.status}`);
}

function assertNoPendingDelegation(task: Task): void {
  if (task.delegation === 'pending') throw new InvalidTransition(`task ${task.id} is delegated to ${task.assignee} and not yet resolved`);
}

function assertUserId(userId: string): void {
  if (typeof userId !== 'string' || userId === '') throw new InvalidCommand('toUserId must be a non-empty string');
}
