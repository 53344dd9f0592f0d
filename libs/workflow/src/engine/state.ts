// The state of one workflow instance (one case). JSON-safe by construction: strings, numbers,
// booleans, null, arrays and plain objects only; instants are ISO-8601 strings. It is stored
// as-is in a jsonb column and rebuilt from the command history by `replay`.
import type { Dept, TaskOutcome } from '@permits/contracts/enums';
import type { CountersignPolicy, EndResult, SignerRef } from './definition';
import type { Signal } from './commands';

export type InstanceStatus = 'running' | 'suspended' | 'completed';
export type TaskStatus = 'open' | 'completed' | 'cancelled';
export type Vote = 'approve' | 'reject';

/** What the delegate recommended when handing a delegated task back (委派 round trip). */
export interface DelegationResolution {
  by: string;
  outcome: TaskOutcome;
  comment: string | null;
  at: string;
}

export interface Task {
  id: string;
  stepId: string;
  /** The step's taskKind: 'acceptance', 'review', 'countersign', 'decision', ... */
  kind: string;
  dept: Dept;
  /** Who holds the task; null while it sits in the department's pool. */
  assignee: string | null;
  /** True when the assignee took it from the pool (only then may it be unclaimed). */
  claimed: boolean;
  /** The delegator while a delegation (委派) is pending or after it was resolved. */
  delegatedFrom: string | null;
  delegation: 'pending' | 'resolved' | null;
  resolution: DelegationResolution | null;
  /** For countersign tasks: the signer key (see `signerKey`). */
  signer: string | null;
  status: TaskStatus;
  outcome: TaskOutcome | null;
  comment: string | null;
  completedBy: string | null;
  createdAt: string;
  completedAt: string | null;
  /** How many times the step had been entered when this task opened (1 on the first visit). */
  round: number;
}

export interface CastVote {
  vote: Vote;
  by: string;
  taskId: string;
  at: string;
}

/** The open countersign of the current step. Votes are keyed by signer key. */
export interface CountersignState {
  stepId: string;
  round: number;
  /** Ordered: the order is the sequence of a sequential countersign. */
  signers: SignerRef[];
  votes: Record<string, CastVote>;
  policy: CountersignPolicy;
  veto: boolean;
}

export interface InstanceState {
  id: string;
  definitionKey: string;
  definitionVersion: number;
  status: InstanceStatus;
  result: EndResult | null;
  currentStepId: string;
  data: Record<string, unknown>;
  /** Every task ever opened in this case, open and closed, in opening order. */
  tasks: Task[];
  countersign: CountersignState | null;
  /**
   * The human steps (task, countersign) on the current route, oldest first; the top is the current
   * step when it is a human step. Entering a step already on the stack cuts the stack back to it,
   * so a loop or a return never leaves stale entries behind: `return` goes to the entry below the top.
   */
  stack: string[];
  /** How many times each step has been entered (the round of its latest visit). */
  rounds: Record<string, number>;
  /** Timer and job replies that arrived while the case was suspended; applied on resume. */
  deferred: Signal[];
  /** Idempotency keys already applied, with the fingerprint of the command they came with. */
  applied: Record<string, string>;
  /** Number of commands applied; strictly increases with every command that changes the state. */
  seq: number;
  startedAt: string;
  updatedAt: string;
  completedAt: string | null;
}
