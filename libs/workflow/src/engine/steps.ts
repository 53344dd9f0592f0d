// Moving through the graph: entering a step does what the step kind asks (open tasks, route,
// ask for a timer or a job, finish the case); leaving a step cancels whatever it left open.
import type { PauseReason } from '@permits/contracts/enums';
import { evaluate } from './condition';
import { openCountersign } from './countersign';
import { cancelTask, currentStep, emit, openTask, openTasksOf, requireStep, type Ctx } from './context';
import { isHumanStep, type EndResult, type GatewayStep, type StepDef } from './definition';
import type { TaskCancelReason } from './events';

/** Gateways chain without stopping; validation forbids loops of gateways, this is the safety net. */
const MAX_AUTOMATIC_HOPS = 100;

export function enterStep(ctx: Ctx, stepId: string, hops = 0): void {
  const step = requireStep(ctx, stepId);
  const { state } = ctx;
  const round = (state.rounds[stepId] ?? 0) + 1;
  state.rounds[stepId] = round;
  state.currentStepId = stepId;
  if (isHumanStep(step)) pushStack(state.stack, stepId);
  emit(ctx, { type: 'StepEntered', stepId, kind: step.kind, round, pausesClock: pauseOf(step) });
  switch (step.kind) {
    case 'task':
      openTask(ctx, { stepId, kind: step.taskKind, dept: step.dept, assignee: step.assignee ?? null, signer: null, round });
      return;
    case 'countersign':
      openCountersign(ctx, step, round);
      return;
    case 'gateway':
      passGateway(ctx, step, hops);
      return;
    case 'wait':
      emit(ctx, { type: 'WaitStarted', stepId, round, days: step.days, unit: step.unit, pausesClock: step.pausesClock ?? null });
      return;
    case 'system':
      emit(ctx, { type: 'SystemStepStarted', stepId, round, job: step.job });
      return;
    case 'end':
      completeCase(ctx, step.result);
      return;
  }
}

/** Leaves the current step: cancels its open tasks, drops its countersign, announces the exit. */
export function leaveStep(ctx: Ctx, reason: TaskCancelReason): void {
  const step = currentStep(ctx);
  const { state } = ctx;
  for (const task of openTasksOf(ctx, step.id)) cancelTask(ctx, task, reason);
  if (state.countersign?.stepId === step.id) state.countersign = null;
  emit(ctx, { type: 'StepLeft', stepId: step.id, kind: step.kind, round: state.rounds[step.id] ?? 0, pausesClock: pauseOf(step) });
}

export function advance(ctx: Ctx, to: string, reason: TaskCancelReason = 'step_left'): void {
  leaveStep(ctx, reason);
  enterStep(ctx, to);
}

export function completeCase(ctx: Ctx, result: EndResult): void {
  const { state } = ctx;
  state.status = 'completed';
  state.result = result;
  state.completedAt = ctx.now;
  state.countersign = null;
  state.deferred = [];
  emit(ctx, { type: 'CaseCompleted', result, stepId: state.currentStepId });
}

/** Puts a step on top of the route; a step already on it cuts the route back to that point first. */
export function pushStack(stack: string[], stepId: string): void {
  const existing = stack.indexOf(stepId);
  if (existing >= 0) stack.splice(existing);
  stack.push(stepId);
}

function passGateway(ctx: Ctx, step: GatewayStep, hops: number): void {
  if (hops >= MAX_AUTOMATIC_HOPS) throw new Error(`gateway ${step.id}: more than ${MAX_AUTOMATIC_HOPS} automatic hops`);
  const route = step.routes.find((r) => evaluate(r.when, { data: ctx.state.data }).value === true);
  emit(ctx, { type: 'StepLeft', stepId: step.id, kind: 'gateway', round: ctx.state.rounds[step.id] ?? 0, pausesClock: null });
  enterStep(ctx, route?.to ?? step.otherwise, hops + 1);
}

export function pauseOf(step: StepDef): PauseReason | null {
  return step.kind === 'task' || step.kind === 'wait' ? (step.pausesClock ?? null) : null;
}
