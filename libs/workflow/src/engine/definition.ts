// Workflow definitions are plain, JSON-safe data: they can live in a table, be versioned,
// diffed and validated (see validate.ts) without ever running code.
import type { AcceptanceOutcome, Dept, LicenseType, LimitUnit, PauseReason } from '@permits/contracts/enums';
import type { Condition } from './condition';

/** Outcomes that a definition may route. `return` is never routed: the engine handles it. */
export type RoutedReviewOutcome = 'approve' | 'reject';
export type RoutedOutcome = AcceptanceOutcome | RoutedReviewOutcome;

/** A countersign signer: a department pool, or a named user (who still belongs to a department). */
export type SignerRef = Dept | UserSigner;
export interface UserSigner {
  user: string;
  dept: Dept;
}

/**
 * When a countersign's vote is decided.
 * - all: every signer approves (decided once everyone voted);
 * - any: the first approval, or rejected once everyone rejected;
 * - quorum: approvals reach `n` (or `ratio` of the current signers, rounded up), rejected once that became impossible;
 * - sequential: like `all`, but one signer at a time, in order.
 * With `veto`, a single rejection decides the step as rejected under every policy.
 */
export type CountersignPolicy = { type: 'all' } | { type: 'any' } | { type: 'quorum'; n?: number; ratio?: number } | { type: 'sequential' };

/** A gateway route's condition: the one condition language (./condition), over `data.…` fields of the case. */
export type { Condition, Scalar } from './condition';

export interface TaskStep {
  id: string;
  kind: 'task';
  /** 'acceptance' | 'review' | 'decision' | any other kind a definition names (e.g. 'technical_assessment'). */
  taskKind: string;
  dept: Dept;
  /** A named user; without it the task sits in the department's pool and may be claimed. */
  assignee?: string;
  /** A span that stops the statutory clock while the case sits in this step (e.g. technical assessment). */
  pausesClock?: PauseReason;
  /** With `pausesClock`: the length the applicant is told to expect (DOMAIN.md: in writing); informational. */
  expectedDays?: number;
  expectedUnit?: LimitUnit;
  outcomes: Partial<Record<RoutedOutcome, string>>;
}

export interface CountersignStep {
  id: string;
  kind: 'countersign';
  /** 'countersign'; a step whose signers the case names (`signersFrom`) may name its own kind (e.g. 'inspection'). */
  taskKind: string;
  signers: SignerRef[];
  /**
   * Signers named by the case instead of `signers`: the user ids listed at `field` (a dotted path starting
   * with `data.`), each a named signer of `dept` (the inspectors drawn for a check). Such tasks are their
   * signer's by name: never claimed, delegated, transferred or given back to a pool, by anyone.
   */
  signersFrom?: { field: string; dept: Dept };
  policy: CountersignPolicy;
  veto: boolean;
  onApproved: string;
  onRejected: string;
  /** With policy `all`: where the case goes when everyone voted and the votes differ (else onRejected). */
  onSplit?: string;
}

export interface GatewayStep {
  id: string;
  kind: 'gateway';
  routes: { when: Condition; to: string }[];
  otherwise: string;
}

export interface WaitStep {
  id: string;
  kind: 'wait';
  days: number;
  unit: LimitUnit;
  pausesClock?: PauseReason;
  next: string;
}

export interface SystemStep {
  id: string;
  kind: 'system';
  job: string;
  next: string;
  onFailure?: string;
}

export const END_RESULTS = ['approved', 'denied', 'not_accepted', 'withdrawn', 'accepted'] as const;
export type EndResult = (typeof END_RESULTS)[number];

export interface EndStep {
  id: string;
  kind: 'end';
  result: EndResult;
}

export type StepDef = TaskStep | CountersignStep | GatewayStep | WaitStep | SystemStep | EndStep;
export type StepKind = StepDef['kind'];

export interface WorkflowDefinition {
  key: string;
  version: number;
  licenseType?: LicenseType;
  start: string;
  steps: StepDef[];
}

/** Steps that hold human tasks: the only steps a `return` can go back to. */
export type HumanStep = TaskStep | CountersignStep;
export function isHumanStep(step: StepDef): step is HumanStep {
  return step.kind === 'task' || step.kind === 'countersign';
}

export function findStep(def: WorkflowDefinition, id: string): StepDef | undefined {
  return def.steps.find((s) => s.id === id);
}

/** Every step id a step can lead to (its exits), in definition order. */
export function exitsOf(step: StepDef): string[] {
  switch (step.kind) {
    case 'task':
      return Object.values(step.outcomes).filter((t): t is string => typeof t === 'string');
    case 'countersign':
      return step.onSplit === undefined ? [step.onApproved, step.onRejected] : [step.onApproved, step.onRejected, step.onSplit];
    case 'gateway':
      return [...step.routes.map((r) => r.to), step.otherwise];
    case 'wait':
      return [step.next];
    case 'system':
      return step.onFailure === undefined ? [step.next] : [step.next, step.onFailure];
    case 'end':
      return [];
  }
}

/** Whether a step's tasks are held by name (signers named by the case): never claimed, delegated or transferred. */
export function heldByName(step: StepDef | undefined): boolean {
  return step?.kind === 'countersign' && step.signersFrom !== undefined;
}

export function signerKey(ref: SignerRef): string {
  return typeof ref === 'string' ? ref : `user:${ref.user}`;
}

export function signerDept(ref: SignerRef): Dept {
  return typeof ref === 'string' ? ref : ref.dept;
}

export function signerUser(ref: SignerRef): string | null {
  return typeof ref === 'string' ? null : ref.user;
}

export const ACCEPTANCE_TASK_KIND = 'acceptance';
export const DECISION_TASK_KIND = 'decision';
