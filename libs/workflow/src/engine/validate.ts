// Definition validation: every problem at once, so whoever edits a definition fixes it in one go.
import { ACCEPTANCE_OUTCOMES, LIMIT_UNITS, PAUSE_REASONS } from '@permits/contracts/enums';
import type { Dept } from '@permits/contracts/enums';
import { conditionProblems } from './condition';
import { policyProblems } from './countersign-policy';
import {
  ACCEPTANCE_TASK_KIND,
  DECISION_TASK_KIND,
  END_RESULTS,
  exitsOf,
  signerDept,
  signerKey,
  type CountersignStep,
  type StepDef,
  type TaskStep,
  type WorkflowDefinition,
} from './definition';
import { InvalidDefinition, type DefinitionProblem } from './errors';

const REVIEW_ROUTED_OUTCOMES: readonly string[] = ['approve', 'reject'];
const POLICY_TYPES: readonly string[] = ['all', 'any', 'quorum', 'sequential'];

export function validateDefinition(def: WorkflowDefinition, knownDepts: readonly Dept[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [...headerProblems(def)];
  if (!Array.isArray(def.steps)) return [...problems, { message: 'steps must be a list' }];
  problems.push(...idProblems(def));
  const ids = new Set(def.steps.map((s) => s.id));
  if (!ids.has(def.start)) problems.push({ message: `start step "${def.start}" does not exist` });
  for (const step of def.steps) {
    const own = stepProblems(step, knownDepts, (id) => def.steps.find((s) => s.id === id));
    problems.push(...own.map((message) => ({ stepId: step.id, message })));
    if (own.length > 0) continue; // a malformed step's exits cannot be read safely
    for (const target of exitsOf(step).filter((t) => !ids.has(t))) {
      problems.push({ stepId: step.id, message: `leads to unknown step "${target}"` });
    }
  }
  if (problems.length > 0) return problems; // graph checks need a well-formed graph
  return graphProblems(def);
}

/** Throws `InvalidDefinition` listing every problem. */
export function assertValidDefinition(def: WorkflowDefinition, knownDepts: readonly Dept[]): void {
  const problems = validateDefinition(def, knownDepts);
  if (problems.length > 0) throw new InvalidDefinition(problems);
}

function headerProblems(def: WorkflowDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  if (typeof def.key !== 'string' || def.key === '') problems.push({ message: 'key must be a non-empty string' });
  if (!Number.isInteger(def.version) || def.version < 1) problems.push({ message: 'version must be a positive integer' });
  return problems;
}

function idProblems(def: WorkflowDefinition): DefinitionProblem[] {
  const seen = new Set<string>();
  const problems: DefinitionProblem[] = [];
  for (const step of def.steps) {
    if (typeof step.id !== 'string' || step.id === '') problems.push({ message: 'every step needs a non-empty id' });
    else if (seen.has(step.id)) problems.push({ stepId: step.id, message: 'duplicate step id' });
    seen.add(step.id);
  }
  return problems;
}

function stepProblems(step: StepDef, knownDepts: readonly Dept[], stepById: (id: string) => StepDef | undefined): string[] {
  switch (step.kind) {
    case 'task':
      return taskProblems(step, knownDepts);
    case 'countersign':
      return countersignProblems(step, knownDepts, stepById);
    case 'gateway':
      if (!Array.isArray(step.routes)) return ['routes must be a list'];
      return [...step.routes.flatMap((r) => conditionProblems(r.when)), ...required(step.otherwise, 'otherwise')];
    case 'wait':
      return [
        ...(Number.isInteger(step.days) && step.days > 0 ? [] : [`days must be a positive integer, got ${step.days}`]),
        ...(LIMIT_UNITS.includes(step.unit) ? [] : [`unit must be one of ${LIMIT_UNITS.join(', ')}`]),
        ...pauseProblems(step.pausesClock),
        ...required(step.next, 'next'),
      ];
    case 'system':
      return [...required(step.job, 'job'), ...required(step.next, 'next')];
    case 'end':
      return END_RESULTS.includes(step.result) ? [] : [`result must be one of ${END_RESULTS.join(', ')}`];
    default:
      return [`unknown step kind "${String((step as { kind: unknown }).kind)}"`];
  }
}

function taskProblems(step: TaskStep, knownDepts: readonly Dept[]): string[] {
  const problems = [...required(step.taskKind, 'taskKind'), ...deptProblems(step.dept, knownDepts), ...pauseProblems(step.pausesClock)];
  if (step.assignee !== undefined && (typeof step.assignee !== 'string' || step.assignee === '')) {
    problems.push('assignee must be a non-empty string when present');
  }
  const legal: readonly string[] = step.taskKind === ACCEPTANCE_TASK_KIND ? ACCEPTANCE_OUTCOMES : REVIEW_ROUTED_OUTCOMES;
  const outcomes = Object.keys(step.outcomes ?? {});
  if (outcomes.length === 0) problems.push('a task needs at least one outcome');
  for (const outcome of outcomes.filter((o) => !legal.includes(o))) {
    const hint = `legal: ${legal.join(', ')}; return is handled by the engine`;
    problems.push(`outcome "${outcome}" is not legal for a ${step.taskKind} task (${hint})`);
  }
  return problems;
}

/** A countersign whose signers the case names: every one of them votes (policy all), split votes may go apart. */
function namedSignerProblems(step: CountersignStep, knownDepts: readonly Dept[]): string[] {
  const problems: string[] = [];
  const from = step.signersFrom!;
  if (typeof from.field !== 'string' || !from.field.startsWith('data.') || from.field.split('.').some((p) => p === ''))
    problems.push('signersFrom.field must be a dotted path starting with "data."');
  problems.push(...deptProblems(from.dept, knownDepts));
  if (Array.isArray(step.signers) && step.signers.length > 0) problems.push('signers must be empty when signersFrom names them');
  if (typeof step.taskKind !== 'string' || step.taskKind === '' || step.taskKind === ACCEPTANCE_TASK_KIND)
    problems.push('taskKind must name a kind other than acceptance');
  if (step.policy?.type !== 'all') problems.push('signers named by the case vote under policy all');
  if (typeof step.veto !== 'boolean') problems.push('veto must be true or false');
  const exits = [step.onApproved, step.onRejected, ...(step.onSplit !== undefined ? [step.onSplit] : [])];
  if (new Set(exits).size !== exits.length) problems.push('onApproved, onRejected and onSplit must lead to different steps');
  return [
    ...problems,
    ...required(step.onApproved, 'onApproved'),
    ...required(step.onRejected, 'onRejected'),
    ...(step.onSplit !== undefined ? required(step.onSplit, 'onSplit') : []),
  ];
}

function countersignProblems(step: CountersignStep, knownDepts: readonly Dept[], stepById: (id: string) => StepDef | undefined): string[] {
  const problems: string[] = [];
  if (step.signersFrom !== undefined) return [...problems, ...namedSignerProblems(step, knownDepts)];
  if (step.taskKind !== 'countersign') problems.push('taskKind of a countersign must be "countersign"');
  if (step.onSplit !== undefined) problems.push('onSplit goes with signersFrom and policy all');
  if (!Array.isArray(step.signers)) return [...problems, 'signers must be a list'];
  problems.push(...step.signers.flatMap((s) => deptProblems(signerDept(s), knownDepts)));
  const keys = step.signers.map(signerKey);
  if (new Set(keys).size !== keys.length) problems.push('signers must be unique');
  if (!POLICY_TYPES.includes(step.policy?.type)) problems.push(`policy type must be one of ${POLICY_TYPES.join(', ')}`);
  else problems.push(...policyProblems(step.policy, step.signers.length));
  if (typeof step.veto !== 'boolean') problems.push('veto must be true or false');
  if (step.onApproved === step.onRejected && !isDecision(stepById(step.onApproved))) {
    // Both paths merging would let a step where everyone voted no advance like an approved one; unless they
    // merge at a decision, where a head decides with the sections' advice (votes and comments) before them.
    problems.push('onApproved and onRejected must lead to different steps, unless both lead to a decision task');
  }
  return [...problems, ...required(step.onApproved, 'onApproved'), ...required(step.onRejected, 'onRejected')];
}

function isDecision(step: StepDef | undefined): boolean {
  return step?.kind === 'task' && step.taskKind === DECISION_TASK_KIND;
}

function deptProblems(dept: Dept, knownDepts: readonly Dept[]): string[] {
  return knownDepts.includes(dept) ? [] : [`unknown department "${String(dept)}"`];
}

function pauseProblems(reason: string | undefined): string[] {
  return reason === undefined || (PAUSE_REASONS as readonly string[]).includes(reason) ? [] : [`unknown pause reason "${reason}"`];
}

function required(value: unknown, name: string): string[] {
  return typeof value === 'string' && value !== '' ? [] : [`${name} is required`];
}

/** Reachability from start, a way to an end from every step, and no loop made of gateways only. */
function graphProblems(def: WorkflowDefinition): DefinitionProblem[] {
  const byId = new Map(def.steps.map((s) => [s.id, s] as const));
  const reachable = closure([def.start], (id) => exitsOf(byId.get(id)!));
  const predecessors = new Map<string, string[]>(def.steps.map((s) => [s.id, []]));
  for (const step of def.steps) for (const target of exitsOf(step)) predecessors.get(target)!.push(step.id);
  const canEnd = closure(
    def.steps.filter((s) => s.kind === 'end').map((s) => s.id),
    (id) => predecessors.get(id)!,
  );
  const problems: DefinitionProblem[] = [];
  for (const step of def.steps) {
    if (!reachable.has(step.id)) problems.push({ stepId: step.id, message: 'not reachable from start' });
    if (!canEnd.has(step.id)) problems.push({ stepId: step.id, message: 'no end step can be reached from here' });
  }
  problems.push(...gatewayLoopProblems(def, byId));
  return problems;
}

function closure(from: string[], next: (id: string) => string[]): Set<string> {
  const seen = new Set<string>(from);
  const queue = [...from];
  while (queue.length > 0) {
    for (const id of next(queue.shift()!)) {
      if (!seen.has(id)) {
        seen.add(id);
        queue.push(id);
      }
    }
  }
  return seen;
}

/** Gateways are passed through without stopping: a cycle of gateways would never come to rest. */
function gatewayLoopProblems(def: WorkflowDefinition, byId: Map<string, StepDef>): DefinitionProblem[] {
  const gateways = def.steps.filter((s) => s.kind === 'gateway');
  const problems: DefinitionProblem[] = [];
  for (const gateway of gateways) {
    const onlyGateways = (id: string) => exitsOf(byId.get(id)!).filter((t) => byId.get(t)!.kind === 'gateway');
    if (closure(onlyGateways(gateway.id), onlyGateways).has(gateway.id)) {
      problems.push({ stepId: gateway.id, message: 'gateways form a loop with no step that waits' });
    }
  }
  return problems;
}
