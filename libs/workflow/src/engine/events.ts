// Events: what a command did, for the runtime (outbox, timers, jobs, clock, notifications, audit).
// Every event carries the instance `seq` of the command that produced it and the command's instant.
import type { Dept, LimitUnit, PauseReason, TaskOutcome } from '@permits/contracts/enums';
import type { CountersignPolicy, EndResult, SignerRef, StepKind } from './definition';
import type { CommandType } from './commands';
import type { Vote } from './state';

export interface EventMeta {
  seq: number;
  at: string;
}

export type TaskCancelReason = 'step_left' | 'returned' | 'signer_removed' | 'withdrawn' | 'migrated' | 'deemed';

export type EventBody =
  | { type: 'CaseStarted'; definitionKey: string; definitionVersion: number; by: string }
  | { type: 'StepEntered'; stepId: string; kind: StepKind; round: number; pausesClock: PauseReason | null }
  | { type: 'StepLeft'; stepId: string; kind: StepKind; round: number; pausesClock: PauseReason | null }
  | {
      type: 'TaskOpened';
      taskId: string;
      stepId: string;
      kind: string;
      dept: Dept;
      assignee: string | null;
      signer: string | null;
      round: number;
    }
  | { type: 'TaskClaimed'; taskId: string; by: string }
  | { type: 'TaskUnclaimed'; taskId: string; by: string; from: string }
  | { type: 'TaskCompleted'; taskId: string; stepId: string; kind: string; outcome: TaskOutcome; by: string; comment: string | null }
  | { type: 'TaskCancelled'; taskId: string; stepId: string; reason: TaskCancelReason }
  | { type: 'TaskDelegated'; taskId: string; from: string; to: string }
  | { type: 'TaskDelegationResolved'; taskId: string; by: string; backTo: string; outcome: TaskOutcome; comment: string | null }
  | { type: 'TaskTransferred'; taskId: string; from: string | null; to: string; by: string }
  | { type: 'CaseReturned'; fromStepId: string; toStepId: string; by: string; taskId: string }
  | { type: 'CountersignSignersChanged'; stepId: string; added: SignerRef[]; removed: SignerRef[]; signers: SignerRef[]; by: string }
  | {
      type: 'CountersignDecided';
      stepId: string;
      round: number;
      outcome: Vote;
      policy: CountersignPolicy;
      veto: boolean;
      /** Snapshot of the signer keys and their votes at the moment of the decision. */
      signers: string[];
      votes: Record<string, Vote>;
    }
  | { type: 'WaitStarted'; stepId: string; round: number; days: number; unit: LimitUnit; pausesClock: PauseReason | null }
  | { type: 'SystemStepStarted'; stepId: string; round: number; job: string }
  | { type: 'SystemStepFailed'; stepId: string; round: number; job: string; data: Record<string, unknown> }
  | { type: 'CaseDataChanged'; keys: string[] }
  | { type: 'SignalDeferred'; signal: CommandType; stepId: string }
  | { type: 'SignalDiscarded'; signal: CommandType; stepId: string; reason: string }
  | { type: 'CaseSuspended'; by: string; reason: string | null }
  | { type: 'CaseResumed'; by: string }
  | {
      type: 'CaseMigrated';
      from: { key: string; version: number };
      to: { key: string; version: number };
      fromStepId: string;
      toStepId: string;
      stepMapping: Record<string, string>;
      by: string;
    }
  | { type: 'CaseCompleted'; result: EndResult; stepId: string };

export type WorkflowEvent = EventBody & EventMeta;
export type WorkflowEventType = EventBody['type'];
export type EventOf<T extends WorkflowEventType> = Extract<WorkflowEvent, { type: T }>;
