// Migration of a running case onto another definition (a new version, usually).
//
// Rules:
// - every old step id maps through `stepMapping`, or to the same id when the new definition has it;
//   the current step must map to something;
// - a task step that maps onto a task step of the same department keeps its open task (and its
//   holder, delegation and claim); a countersign that maps onto a countersign keeps the votes of the
//   signers the new step still has, keeps their open tasks, cancels the tasks of signers it no longer
//   has, asks its new signers, and may be decided at once by the votes it kept;
// - a wait or system step that maps onto a step of the same id, kind and timer (days, unit, pause) or job
//   stays where it is: its timer or job (named by step id and round) stays valid;
// - a step that maps onto one of the same id and the same clock pause is not re-announced (no StepLeft/
//   StepEntered): the statutory clock's pause is not split, the applicant is not told of it twice;
// - `keepSigners`: a countersign mapped onto one of the same id keeps the case's current signers;
// - any other current step is left and the mapped step entered afresh (a wait or system step thus
//   starts a new timer or job: the old one becomes stale and is refused by round/step checks);
// - the return route keeps the human steps that map onto human steps; the visit counts carry over.
import { DEPARTMENTS } from '@permits/contracts/enums';
import type { Migrate } from './commands';
import { cancelTask, currentStep, emit, openTasksOf, requireRole, type Ctx } from './context';
import { copySigners, settleCountersign, signersOf } from './countersign';
import { findStep, isHumanStep, signerKey, type CountersignStep, type StepDef, type WorkflowDefinition } from './definition';
import { InvalidCommand } from './errors';
import { enterStep, leaveStep, pauseOf, pushStack } from './steps';
import { assertValidDefinition } from './validate';

export function migrate(ctx: Ctx, cmd: Migrate): void {
  requireRole(cmd.actor, ['admin'], 'migrating a case');
  const to = cmd.toDefinition;
  assertValidDefinition(to, DEPARTMENTS);
  const mapStep = stepMapper(ctx.def, to, cmd.stepMapping);
  const from = currentStep(ctx);
  const target = mapStep(from.id);
  if (target === undefined) throw new InvalidCommand(`the current step "${from.id}" has no counterpart in ${to.key} v${to.version}`);
  const fromDef = { key: ctx.def.key, version: ctx.def.version };
  const targetStep = findStep(to, target)!;
  const carried = carriesOver(from, targetStep);
  emit(ctx, {
    type: 'CaseMigrated',
    from: fromDef,
    to: { key: to.key, version: to.version },
    fromStepId: from.id,
    toStepId: target,
    stepMapping: { ...cmd.stepMapping },
    by: cmd.actor.id,
  });
  if (!carried) leaveStep(ctx, 'migrated'); // still on the old definition: the old step is left
  switchDefinition(ctx, to, mapStep);
  if (!carried) {
    enterStep(ctx, target);
    return;
  }
  carryOver(ctx, from, targetStep, cmd.actor.id, cmd.keepSigners === true);
}

/** Old step id → new step id (explicit mapping first, then the same id), or undefined. */
function stepMapper(from: WorkflowDefinition, to: WorkflowDefinition, mapping: Record<string, string>): (id: string) => string | undefined {
  for (const [oldId, newId] of Object.entries(mapping)) {
    if (!findStep(from, oldId)) {
      throw new InvalidCommand(`stepMapping names "${oldId}", which is not a step of ${from.key} v${from.version}`);
    }
    if (!findStep(to, newId)) throw new InvalidCommand(`stepMapping maps to "${newId}", which is not a step of ${to.key} v${to.version}`);
  }
  return (id) => (Object.prototype.hasOwnProperty.call(mapping, id) ? mapping[id] : findStep(to, id) ? id : undefined);
}

function carriesOver(from: StepDef, to: StepDef): boolean {
  if (from.kind === 'task' && to.kind === 'task') return from.dept === to.dept;
  if (from.kind === 'wait' && to.kind === 'wait')
    return from.id === to.id && from.days === to.days && from.unit === to.unit && from.pausesClock === to.pausesClock;
  if (from.kind === 'system' && to.kind === 'system') return from.id === to.id && from.job === to.job;
  return from.kind === 'countersign' && to.kind === 'countersign';
}

function switchDefinition(ctx: Ctx, to: WorkflowDefinition, mapStep: (id: string) => string | undefined): void {
  const { state } = ctx;
  const stack: string[] = [];
  for (const id of state.stack) {
    const mapped = mapStep(id);
    const step = mapped === undefined ? undefined : findStep(to, mapped);
    if (step && isHumanStep(step)) pushStack(stack, step.id);
  }
  const rounds: Record<string, number> = {};
  for (const [id, count] of Object.entries(state.rounds)) {
    const mapped = mapStep(id);
    if (mapped !== undefined) rounds[mapped] = Math.max(rounds[mapped] ?? 0, count);
  }
  state.stack = stack;
  state.rounds = rounds;
  state.definitionKey = to.key;
  state.definitionVersion = to.version;
  ctx.def = to;
}

/** The case stays in the mapped step with its open work; a step of another id or pause is re-announced for the clock. */
function carryOver(ctx: Ctx, from: StepDef, to: StepDef, by: string, keepSigners: boolean): void {
  const { state } = ctx;
  const openTasks = openTasksOf(ctx, from.id);
  state.currentStepId = to.id;
  if (isHumanStep(to)) pushStack(state.stack, to.id);
  const round = state.rounds[to.id] ?? 1;
  state.rounds[to.id] = round;
  if (from.id !== to.id || pauseOf(from) !== pauseOf(to)) {
    emit(ctx, { type: 'StepLeft', stepId: from.id, kind: from.kind, round, pausesClock: pauseOf(from) });
    emit(ctx, { type: 'StepEntered', stepId: to.id, kind: to.kind, round, pausesClock: pauseOf(to) });
  }
  if (to.kind === 'wait' || to.kind === 'system') return; // same id and round: the pending timer or job still names it
  if (to.kind === 'task') {
    for (const task of openTasks) Object.assign(task, { stepId: to.id, kind: to.taskKind });
    return;
  }
  const cs = to as CountersignStep;
  const current = state.countersign;
  const signers = keepSigners && current && current.stepId === from.id && from.id === to.id ? copySigners(current.signers) : cs.signers;
  carryCountersign(ctx, { ...cs, signers }, round, by);
}

function carryCountersign(ctx: Ctx, to: CountersignStep, round: number, by: string): void {
  const { state } = ctx;
  const old = state.countersign;
  const signers = signersOf(ctx, to);
  const keep = signers.map(signerKey);
  const oldKeys = old?.signers.map(signerKey) ?? [];
  const votes = Object.fromEntries(Object.entries(old?.votes ?? {}).filter(([key]) => keep.includes(key)));
  for (const task of state.tasks.filter((t) => t.status === 'open' && t.stepId === old?.stepId)) {
    if (task.signer !== null && keep.includes(task.signer)) task.stepId = to.id;
    else cancelTask(ctx, task, 'migrated');
  }
  state.countersign = { stepId: to.id, round, signers: copySigners(signers), votes, policy: { ...to.policy }, veto: to.veto };
  const added = copySigners(signers).filter((s) => !oldKeys.includes(signerKey(s)));
  const removed = (old?.signers ?? []).filter((s) => !keep.includes(signerKey(s)));
  if (added.length > 0 || removed.length > 0) {
    emit(ctx, { type: 'CountersignSignersChanged', stepId: to.id, added, removed, signers: copySigners(signers), by });
  }
  settleCountersign(ctx, 'migrated');
}
