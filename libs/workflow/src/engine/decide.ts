// The pure core: (definition, state, command, now, ids) → { state, events }. No I/O, no clock, no
// randomness: the instant comes in as `now`, new task ids come from `ids`. The input state is never
// modified; an illegal command throws a WorkflowError and changes nothing.
import { addSigners, removeSigners } from './countersign';
import { deemGranted, initialState, receiveSignal, resume, start, suspend, withdraw } from './case';
import type { Command, CommandType } from './commands';
import type { Ctx } from './context';
import type { WorkflowDefinition } from './definition';
import { DefinitionMismatch, IdempotencyConflict, InvalidCommand, InvalidTransition } from './errors';
import type { EventBody, WorkflowEvent } from './events';
import { migrate } from './migrate';
import type { InstanceState } from './state';
import { claimTask, completeTask, delegateTask, transferTask, unclaimTask } from './tasks';

export interface Decision {
  state: InstanceState;
  events: WorkflowEvent[];
}

/** Commands still accepted while a case is suspended (signals are kept for the resume). */
const ALLOWED_WHILE_SUSPENDED: readonly CommandType[] = ['ResumeCase', 'Withdraw', 'DeemGranted', 'Migrate', 'WaitElapsed', 'SystemReplied'];

export function decide(def: WorkflowDefinition, state: InstanceState | undefined, command: Command, now: Date, ids: () => string): Decision {
  const at = instant(now);
  if (command.type === 'Start') {
    if (state !== undefined) throw new InvalidTransition(`case ${state.id} has already started`);
    return run(def, initialState(def, command, at), command, at, ids);
  }
  if (state === undefined) throw new InvalidTransition('the case has not started');
  if (def.key !== state.definitionKey || def.version !== state.definitionVersion) {
    throw new DefinitionMismatch(`case ${state.id} runs on ${state.definitionKey} v${state.definitionVersion}, not ${def.key} v${def.version}`);
  }
  if (isRepeat(state, command)) return { state, events: [] };
  assertStatusAllows(state, command.type);
  return run(def, state, command, at, ids);
}

function run(def: WorkflowDefinition, state: InstanceState, command: Command, at: string, ids: () => string): Decision {
  const ctx: Ctx = { def, state: structuredClone(state), now: at, ids, events: [] };
  dispatch(ctx, command);
  const next = ctx.state;
  next.seq = state.seq + 1;
  next.updatedAt = at;
  if (command.idempotencyKey !== undefined) next.applied[command.idempotencyKey] = fingerprint(command);
  return { state: next, events: ctx.events.map((e: EventBody) => ({ ...e, seq: next.seq, at })) };
}

function dispatch(ctx: Ctx, command: Command): void {
  switch (command.type) {
    case 'Start':
      return start(ctx, command);
    case 'CompleteTask':
      return completeTask(ctx, command);
    case 'ClaimTask':
      return claimTask(ctx, command);
    case 'UnclaimTask':
      return unclaimTask(ctx, command);
    case 'DelegateTask':
      return delegateTask(ctx, command);
    case 'TransferTask':
      return transferTask(ctx, command);
    case 'AddSigners':
      return addSigners(ctx, command);
    case 'RemoveSigners':
      return removeSigners(ctx, command);
    case 'Withdraw':
      return withdraw(ctx, command);
    case 'DeemGranted':
      return deemGranted(ctx, command);
    case 'SuspendCase':
      return suspend(ctx, command);
    case 'ResumeCase':
      return resume(ctx, command);
    case 'WaitElapsed':
    case 'SystemReplied':
      return receiveSignal(ctx, command);
    case 'Migrate':
      return migrate(ctx, command);
    default:
      throw new InvalidCommand(`unknown command type "${String((command as { type: unknown }).type)}"`);
  }
}

function assertStatusAllows(state: InstanceState, type: CommandType): void {
  if (state.status === 'completed') throw new InvalidTransition(`case ${state.id} is completed (${state.result}); ${type} is not possible`);
  if (state.status === 'suspended' && !ALLOWED_WHILE_SUSPENDED.includes(type)) {
    throw new InvalidTransition(`case ${state.id} is suspended; ${type} is not possible`);
  }
}

/** A command whose idempotency key was applied before: a no-op if identical, a conflict otherwise. */
function isRepeat(state: InstanceState, command: Command): boolean {
  const key = command.idempotencyKey;
  if (key === undefined || !Object.prototype.hasOwnProperty.call(state.applied, key)) return false;
  if (state.applied[key] !== fingerprint(command)) throw new IdempotencyConflict(`idempotency key "${key}" was used for a different command`);
  return true;
}

function instant(now: Date): string {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new InvalidCommand('now must be a valid Date');
  return now.toISOString();
}

/** A stable text form of a command (keys sorted, idempotency key left out) to recognise a repeat. */
export function fingerprint(command: Command): string {
  const { idempotencyKey: _ignored, ...body } = command;
  return stableStringify(body);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
