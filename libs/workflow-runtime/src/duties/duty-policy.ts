// Who may do what on a case (API.md "Who may act (duties)", DOMAIN.md "Integrity"): the rules every task
// command meets, in one place. Pure: the facts are read by DutyPolicy (duties.ts) inside the command's
// transaction, with the case locked, from the case's own tasks and history and this service's copy of the
// staff directory; nothing here reads a URL, a cache or the clock.
import type { Dept } from '@permits/contracts/enums';
import type { Command, InstanceState, Task, WorkflowDefinition } from '@permits/workflow/engine';
import { DomainError } from '@permits/core';

export const DUTY_CODES = ['HEAD_REQUIRED', 'SAME_PERSON', 'UNKNOWN_ASSIGNEE', 'CONFLICT_OF_INTEREST'] as const;
export type DutyCode = (typeof DUTY_CODES)[number];

/** Task kinds a head of the task's department completes (the licence decision, a penalty decision). */
export const DECISION_KINDS: readonly string[] = ['decision', 'penalty_decision'];
/** Task kinds whose worker is the case's first pair of eyes: they neither vote in its countersign nor decide it. */
export const REVIEW_KINDS: readonly string[] = ['review', 'technical_assessment'];
/** Task kinds a reviewer of the case may not complete: a countersign vote, a decision. */
export const SECOND_EYES_KINDS: readonly string[] = ['countersign', ...DECISION_KINDS];

/** One entry of the staff directory, as this service's copy holds it. */
export interface StaffEntry {
  userId: string;
  name: string;
  dept: Dept;
  roles: readonly string[];
  active: boolean;
  /** Unified social credit codes of the enterprises this person stands aside from. */
  conflicts: readonly string[];
}

/** A completed task of the case, from its tasks table (who completed which step). */
export interface CompletedTask {
  stepId: string;
  kind: string;
  completedBy: string;
}

/** Everything a duty rule may look at: read in the command's transaction, the case locked. */
export interface DutyFacts {
  definition: WorkflowDefinition;
  /** The case state before the command. */
  state: InstanceState;
  command: TaskCommand;
  /** The task the command is about. */
  task: Task;
  applicantCreditCode: string;
  /** The case's completed tasks (its tasks table), whoever completed them. */
  completed: readonly CompletedTask[];
  /** Users who declared a recusal on this case (its history, action `recused`). */
  recused: ReadonlySet<string>;
  /** The directory entries of the actor and of the command's target (delegate/transfer), when listed. */
  staff: ReadonlyMap<string, StaffEntry>;
}

export type TaskCommand = Extract<Command, { type: 'CompleteTask' | 'ClaimTask' | 'DelegateTask' | 'TransferTask' }>;
export const TASK_COMMANDS: readonly TaskCommand['type'][] = ['CompleteTask', 'ClaimTask', 'DelegateTask', 'TransferTask'];
export const isTaskCommand = (c: Command): c is TaskCommand => (TASK_COMMANDS as readonly string[]).includes(c.type);

export interface DutyRefusal {
  code: DutyCode | string;
  message: string;
}

/** A rule: a refusal, or undefined when the command may go on. A service may add its own (DutyPolicy.addRule). */
export type DutyRule = (f: DutyFacts) => DutyRefusal | undefined;

const HTTP_STATUS: Record<DutyCode, number> = { HEAD_REQUIRED: 403, SAME_PERSON: 409, UNKNOWN_ASSIGNEE: 422, CONFLICT_OF_INTEREST: 409 };
/** The statuses the one error filter maps these codes to (libs/http DOMAIN_ERROR_STATUS includes them). */
export const DUTY_ERROR_STATUS: Readonly<Record<DutyCode, number>> = HTTP_STATUS;

/** Whether the command is a final completion (not a delegate handing a delegated task back with a recommendation). */
function finalCompletion(f: DutyFacts): boolean {
  return f.command.type === 'CompleteTask' && f.task.delegation !== 'pending';
}

/** Everyone who worked on tasks of these kinds of the case: who completed one, and a delegate who recommended one. */
export function actedOn(f: Pick<DutyFacts, 'completed' | 'state'>, kinds: readonly string[]): Set<string> {
  const who = new Set<string>();
  for (const t of f.completed) if (kinds.includes(t.kind)) who.add(t.completedBy);
  for (const t of f.state.tasks) {
    if (!kinds.includes(t.kind)) continue;
    if (t.completedBy) who.add(t.completedBy);
    if (t.resolution) who.add(t.resolution.by);
  }
  return who;
}

/** Everyone who did the case's review or technical assessment. */
export const reviewersOf = (f: Pick<DutyFacts, 'completed' | 'state'>): Set<string> => actedOn(f, REVIEW_KINDS);

function conflicted(f: DutyFacts, userId: string): string | undefined {
  if (f.recused.has(userId)) return `${userId} declared a recusal on this case`;
  const entry = f.staff.get(userId);
  if (entry?.conflicts.includes(f.applicantCreditCode))
    return `${userId} is listed in the staff directory with a conflict with enterprise ${f.applicantCreditCode}`;
  return undefined;
}

/** Recusal: staff linked to the enterprise (directory) or who declared a recusal neither claim, complete nor vote. */
export const recusalRule: DutyRule = (f) => {
  const { command } = f;
  if (command.type === 'ClaimTask' || command.type === 'CompleteTask') {
    const why = conflicted(f, command.actor.id);
    if (why) return { code: 'CONFLICT_OF_INTEREST', message: `${why}: they stand aside from its tasks` };
  }
  if (command.type === 'DelegateTask' || command.type === 'TransferTask') {
    const why = conflicted(f, command.toUserId);
    if (why) return { code: 'CONFLICT_OF_INTEREST', message: `${why}: the task cannot go to them` };
  }
  return undefined;
};

/** A decision is a head's: only a head of the task's department completes it (an admin does not decide). */
export const headDecidesRule: DutyRule = (f) => {
  if (!finalCompletion(f) || !DECISION_KINDS.includes(f.task.kind)) return undefined;
  const { actor } = f.command;
  if (actor.roles.includes('head') && actor.dept === f.task.dept) return undefined;
  return { code: 'HEAD_REQUIRED', message: `a ${f.task.kind} task is completed only by a head of department ${f.task.dept}` };
};

/**
 * Four eyes: whoever did the review or the technical assessment of the case neither votes in its countersign
 * nor decides it (nor recommends either as a delegate), and after a return whoever voted or decided does not
 * review it; nobody casts two votes of one countersign round; and such a task is never delegated or
 * transferred to someone it would refuse.
 */
export const fourEyesRule: DutyRule = (f) => {
  const { command, task } = f;
  const who =
    command.type === 'CompleteTask' ? command.actor.id : command.type === 'DelegateTask' || command.type === 'TransferTask' ? command.toUserId : undefined;
  if (who === undefined) return undefined;
  // the other way round too: a case returned to its review is not reviewed by whoever voted on it or decided it
  if (REVIEW_KINDS.includes(task.kind) && actedOn(f, SECOND_EYES_KINDS).has(who))
    return { code: 'SAME_PERSON', message: `${who} voted on or decided this case: its ${task.kind} is someone else's (four eyes)` };
  if (!SECOND_EYES_KINDS.includes(task.kind)) return undefined;
  if (reviewersOf(f).has(who)) return { code: 'SAME_PERSON', message: `${who} reviewed this case: the ${task.kind} is someone else's (four eyes)` };
  if (task.kind === 'countersign') {
    const voted = f.state.tasks.some(
      (t) =>
        t.id !== task.id &&
        t.kind === 'countersign' &&
        t.stepId === task.stepId &&
        t.round === task.round &&
        (t.completedBy === who || t.resolution?.by === who),
    );
    if (voted) return { code: 'SAME_PERSON', message: `${who} already voted in this countersign: each vote is another person's` };
  }
  return undefined;
};

/** Work moves only inside its department, to people the directory knows and lists as active. */
export const knownAssigneeRule: DutyRule = (f) => {
  const { command, task } = f;
  if (command.type !== 'DelegateTask' && command.type !== 'TransferTask') return undefined;
  const entry = f.staff.get(command.toUserId);
  if (!entry) return { code: 'UNKNOWN_ASSIGNEE', message: `${command.toUserId} is not in the staff directory` };
  if (!entry.active) return { code: 'UNKNOWN_ASSIGNEE', message: `${command.toUserId} is not active in the staff directory` };
  if (entry.dept !== task.dept) return { code: 'UNKNOWN_ASSIGNEE', message: `${command.toUserId} is not a member of department ${task.dept}` };
  return undefined;
};

/** The general rules, in the order they are checked (the first refusal answers). */
export const DEFAULT_DUTY_RULES: readonly DutyRule[] = [recusalRule, knownAssigneeRule, headDecidesRule, fourEyesRule];

/** The first refusal of `rules` for these facts, or undefined. */
export function dutyRefusal(f: DutyFacts, rules: readonly DutyRule[] = DEFAULT_DUTY_RULES): DutyRefusal | undefined {
  for (const rule of rules) {
    const refusal = rule(f);
    if (refusal) return refusal;
  }
  return undefined;
}

/** Throws the refusal as a DomainError (the one filter maps its code). */
export function assertDuties(f: DutyFacts, rules: readonly DutyRule[] = DEFAULT_DUTY_RULES): void {
  const refusal = dutyRefusal(f, rules);
  if (refusal) throw new DomainError(refusal.code, refusal.message);
}
