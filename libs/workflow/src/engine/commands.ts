// Commands: everything that can happen to a case, as a discriminated union on `type`.
import type { Dept, Role, TaskOutcome } from '@permits/contracts/enums';
import type { SignerRef, WorkflowDefinition } from './definition';

export interface Actor {
  id: string;
  roles: readonly Role[];
  dept?: Dept;
}

interface CommandBase {
  actor: Actor;
  /** A retried command with the same key (and the same body) is applied once. */
  idempotencyKey?: string;
}

export interface Start extends CommandBase {
  type: 'Start';
  instanceId: string;
  data?: Record<string, unknown>;
}

export interface CompleteTask extends CommandBase {
  type: 'CompleteTask';
  taskId: string;
  outcome: TaskOutcome;
  comment?: string;
  /** With outcome `return` only: an earlier step on the current route (default: the previous one). */
  returnTo?: string;
}

export interface ClaimTask extends CommandBase {
  type: 'ClaimTask';
  taskId: string;
}

export interface UnclaimTask extends CommandBase {
  type: 'UnclaimTask';
  taskId: string;
}

/** 委派: the delegate works on it, then it comes back to the delegator, who completes it. */
export interface DelegateTask extends CommandBase {
  type: 'DelegateTask';
  taskId: string;
  toUserId: string;
}

/** 转办: the task passes to another user for good. */
export interface TransferTask extends CommandBase {
  type: 'TransferTask';
  taskId: string;
  toUserId: string;
}

/** 加签 on the open countersign. Sequential countersigns append the new signers to the end of the order. */
export interface AddSigners extends CommandBase {
  type: 'AddSigners';
  signers: SignerRef[];
}

/** 减签 on the open countersign. Signers who already voted cannot be removed. */
export interface RemoveSigners extends CommandBase {
  type: 'RemoveSigners';
  signers: SignerRef[];
}

export interface Withdraw extends CommandBase {
  type: 'Withdraw';
  reason?: string;
}

/**
 * The law decides what nobody decided in time (Administrative License Law art. 50: a renewal filed in time and still
 * undecided when the licence ends counts as granted). Sent by the runtime on a timer, never by a person: it ends the
 * case `approved` wherever it stands, cancels its open tasks and marks the case data `deemed: true`.
 */
export interface DeemGranted extends CommandBase {
  type: 'DeemGranted';
  reason: string;
}

export interface SuspendCase extends CommandBase {
  type: 'SuspendCase';
  reason?: string;
}

export interface ResumeCase extends CommandBase {
  type: 'ResumeCase';
}

/**
 * The timer asked for by `WaitStarted` fired. Pass the event's `round` so that a stale timer from an
 * earlier visit of the same step can never end a later wait early.
 */
export interface WaitElapsed extends CommandBase {
  type: 'WaitElapsed';
  stepId: string;
  round?: number;
}

/** The service that ran a system step's job answered; `data` is merged into the case data. */
export interface SystemReplied extends CommandBase {
  type: 'SystemReplied';
  stepId: string;
  round?: number;
  ok: boolean;
  data?: Record<string, unknown>;
}

/**
 * Move a running case onto another definition. `stepMapping` maps old step ids to new ones; a step
 * whose id also exists in the new definition maps to itself unless mapped otherwise.
 */
export interface Migrate extends CommandBase {
  type: 'Migrate';
  toDefinition: WorkflowDefinition;
  stepMapping: Record<string, string>;
  /**
   * A countersign that maps onto one of the same id keeps the signers the case has now (加签/减签 included)
   * instead of taking the new step's: a new version of the same workflow must not undo a head's change.
   */
  keepSigners?: boolean;
}

export type Command =
  | Start
  | CompleteTask
  | ClaimTask
  | UnclaimTask
  | DelegateTask
  | TransferTask
  | AddSigners
  | RemoveSigners
  | Withdraw
  | DeemGranted
  | SuspendCase
  | ResumeCase
  | WaitElapsed
  | SystemReplied
  | Migrate;

export type CommandType = Command['type'];

/** Commands sent by the runtime (timers, queues), never by a person; kept while a case is suspended. */
export type Signal = WaitElapsed | SystemReplied;
