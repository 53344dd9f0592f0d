// Case-level commands: start, withdraw, suspend/resume, and the runtime's signals (timer elapsed,
// system job answered).
import { DEPARTMENTS } from '@permits/contracts/enums';
import type { DeemGranted, ResumeCase, Signal, Start, SuspendCase, SystemReplied, Withdraw } from './commands';
import { currentStep, emit, requireRole, type Ctx } from './context';
import { DECISION_TASK_KIND, type WorkflowDefinition } from './definition';
import { InvalidCommand, InvalidTransition, WorkflowError } from './errors';
import type { InstanceState } from './state';
import { advance, completeCase, enterStep, leaveStep } from './steps';
import { assertValidDefinition } from './validate';

export function initialState(def: WorkflowDefinition, cmd: Start, now: string): InstanceState {
  if (typeof cmd.instanceId !== 'string' || cmd.instanceId === '') throw new InvalidCommand('instanceId must be a non-empty string');
  assertValidDefinition(def, DEPARTMENTS);
  return {
    id: cmd.instanceId,
    definitionKey: def.key,
    definitionVersion: def.version,
    status: 'running',
    result: null,
    currentStepId: def.start,
    data: { ...(cmd.data ?? {}) },
    tasks: [],
    countersign: null,
    stack: [],
    rounds: {},
    deferred: [],
    applied: {},
    seq: 0,
    startedAt: now,
    updatedAt: now,
    completedAt: null,
  };
}

export function start(ctx: Ctx, cmd: Start): void {
  emit(ctx, { type: 'CaseStarted', definitionKey: ctx.def.key, definitionVersion: ctx.def.version, by: cmd.actor.id });
  enterStep(ctx, ctx.def.start);
}

/**
 * The applicant withdraws the application. Allowed while the case runs or is suspended, up to the
 * decision: once the latest decision task was approved or rejected (e.g. while the certificate is
 * being issued), the case can no longer be withdrawn.
 */
export function withdraw(ctx: Ctx, cmd: Withdraw): void {
  requireRole(cmd.actor, ['applicant'], 'withdrawing an application');
  const decision = ctx.state.tasks.filter((t) => t.kind === DECISION_TASK_KIND).at(-1);
  if (decision?.outcome === 'approve' || decision?.outcome === 'reject') {
    throw new InvalidTransition('the application has been decided and can no longer be withdrawn');
  }
  leaveStep(ctx, 'withdrawn');
  completeCase(ctx, 'withdrawn');
}

/** Art. 50: granted by operation of law (see DeemGranted); only the runtime, acting as the law, sends it. */
export function deemGranted(ctx: Ctx, cmd: DeemGranted): void {
  requireRole(cmd.actor, ['admin'], 'deeming a case granted');
  leaveStep(ctx, 'deemed');
  ctx.state.data = { ...ctx.state.data, deemed: true, deemedReason: cmd.reason };
  completeCase(ctx, 'approved');
}

export function suspend(ctx: Ctx, cmd: SuspendCase): void {
  requireRole(cmd.actor, ['admin'], 'suspending a case');
  if (ctx.state.status !== 'running') throw new InvalidTransition(`the case is ${ctx.state.status}`);
  ctx.state.status = 'suspended';
  emit(ctx, { type: 'CaseSuspended', by: cmd.actor.id, reason: cmd.reason ?? null });
}

/** Resumes a suspended case and applies, in order, the signals that arrived meanwhile. */
export function resume(ctx: Ctx, cmd: ResumeCase): void {
  requireRole(cmd.actor, ['admin'], 'resuming a case');
  if (ctx.state.status !== 'suspended') throw new InvalidTransition(`the case is ${ctx.state.status}`);
  ctx.state.status = 'running';
  emit(ctx, { type: 'CaseResumed', by: cmd.actor.id });
  const deferred = ctx.state.deferred;
  ctx.state.deferred = [];
  for (const signal of deferred) applyDeferred(ctx, signal);
}

/**
 * A timer or a job reply. While the case is suspended it is kept (not lost, not applied) until
 * resume; a signal for a step the case is not in (a stale timer) is refused.
 */
export function receiveSignal(ctx: Ctx, signal: Signal): void {
  assertSignalMatches(ctx, signal);
  if (ctx.state.status === 'suspended') {
    ctx.state.deferred.push(signal);
    emit(ctx, { type: 'SignalDeferred', signal: signal.type, stepId: signal.stepId });
    return;
  }
  applySignal(ctx, signal);
}

function applyDeferred(ctx: Ctx, signal: Signal): void {
  try {
    if (ctx.state.status !== 'running') throw new InvalidTransition(`the case is ${ctx.state.status}`);
    assertSignalMatches(ctx, signal);
    applySignal(ctx, signal);
  } catch (error) {
    if (!(error instanceof WorkflowError)) throw error;
    // The case moved while suspended (e.g. migrated): the signal is stale, record why it was dropped.
    emit(ctx, { type: 'SignalDiscarded', signal: signal.type, stepId: signal.stepId, reason: error.message });
  }
}

function applySignal(ctx: Ctx, signal: Signal): void {
  const step = currentStep(ctx);
  if (step.kind === 'wait') {
    advance(ctx, step.next);
  } else if (step.kind === 'system' && signal.type === 'SystemReplied') {
    onSystemReply(ctx, signal, step.next, step.onFailure, step.job);
  }
}

/** A failed job without an `onFailure` route leaves the case in the step (the job may be run again). */
function onSystemReply(ctx: Ctx, reply: SystemReplied, next: string, onFailure: string | undefined, job: string): void {
  const data = reply.data ?? {};
  if (!reply.ok && onFailure === undefined) {
    emit(ctx, { type: 'SystemStepFailed', stepId: reply.stepId, round: ctx.state.rounds[reply.stepId] ?? 0, job, data });
    return;
  }
  if (Object.keys(data).length > 0) {
    Object.assign(ctx.state.data, data);
    emit(ctx, { type: 'CaseDataChanged', keys: Object.keys(data) });
  }
  advance(ctx, reply.ok ? next : onFailure!);
}

function assertSignalMatches(ctx: Ctx, signal: Signal): void {
  const { state } = ctx;
  const step = currentStep(ctx);
  const expected = signal.type === 'WaitElapsed' ? 'wait' : 'system';
  if (signal.stepId !== state.currentStepId || step.kind !== expected) {
    throw new InvalidTransition(`${signal.type} for step ${signal.stepId}, but the case is in ${step.kind} step ${state.currentStepId}`);
  }
  if (signal.round !== undefined && signal.round !== state.rounds[signal.stepId]) {
    const current = state.rounds[signal.stepId];
    throw new InvalidTransition(`${signal.type} for round ${signal.round} of step ${signal.stepId}, which is in round ${current}`);
  }
}
