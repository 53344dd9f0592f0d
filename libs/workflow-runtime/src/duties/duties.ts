import { EntityManager } from 'typeorm';
import type { Command, InstanceState, WorkflowDefinition } from '@permits/workflow/engine';
import { assertDuties, DEFAULT_DUTY_RULES, DutyFacts, DutyRule, isTaskCommand, StaffEntry } from './duty-policy';
import { staffEntries, StoredStaff } from './staff-store';

/** Recusals declared at intake before the handover, carried in the case data (`recusedBy`, written by intake, never a request). */
function carriedRecusals(state: InstanceState): string[] {
  const carried = (state.data as Record<string, unknown> | undefined)?.recusedBy;
  return Array.isArray(carried) ? carried.filter((x): x is string => typeof x === 'string') : [];
}

/** The history action of a declared recusal (the integrity report reads the audit action of the same name). */
export const RECUSED_ACTION = 'recused';

/**
 * The duty policy CaseRuntime consults before every task command (claim, complete, delegate, transfer,
 * countersign vote), on facts read as of the case version the command's write checks (a command whose
 * version moved runs again, facts and all). The facts come from the
 * case's own tasks and history and from this service's copy of the staff directory, so a rule holds across
 * restarts and replicas and whatever path (URL) the command came by. A service adds its own rules with
 * `addRule` (they run after the general ones); CaseEffects.check stays for a service's other rules.
 */
export class DutyPolicy {
  private readonly rules: DutyRule[] = [...DEFAULT_DUTY_RULES];

  addRule(rule: DutyRule): this {
    this.rules.push(rule);
    return this;
  }

  /** Throws a DomainError (HEAD_REQUIRED, SAME_PERSON, UNKNOWN_ASSIGNEE, CONFLICT_OF_INTEREST, or a service rule's) or returns. */
  async check(
    tx: EntityManager,
    c: { caseId: string; applicantCreditCode: string; definition: WorkflowDefinition; state: InstanceState },
    command: Command,
    /** The facts read with the case (CaseRuntime.execute: one statement, see dutyFactsSql); read here when absent. */
    read?: ReadDutyFacts,
  ): Promise<void> {
    if (!isTaskCommand(command)) return;
    const task = c.state.tasks.find((t) => t.id === command.taskId);
    if (!task) return; // the engine answers TASK_NOT_FOUND
    const people = dutyPeople(command);
    const { completed, recused, staff } = read ?? (await this.read(tx, c.caseId, people));
    assertDuties(
      {
        definition: c.definition,
        state: c.state,
        command,
        task,
        applicantCreditCode: c.applicantCreditCode,
        completed,
        recused: new Set([...recused, ...carriedRecusals(c.state)]),
        staff: new Map<string, StaffEntry>(staff.map((s) => [s.userId, s])),
      },
      this.rules,
    );
  }

  private async read(tx: EntityManager, caseId: string, people: string[]): Promise<ReadDutyFacts> {
    // one connection: the reads run one after the other
    const completed = (await tx.query(
      `SELECT step_id AS "stepId", kind, completed_by AS "completedBy" FROM tasks WHERE case_id = $1 AND status = 'completed' AND completed_by IS NOT NULL`,
      [caseId],
    )) as DutyFacts['completed'];
    const recused = (await tx.query(`SELECT DISTINCT actor FROM case_history WHERE case_id = $1 AND action = $2`, [caseId, RECUSED_ACTION])) as {
      actor: string;
    }[];
    return { completed, recused: recused.map((r) => r.actor), staff: await staffEntries(tx, people) };
  }
}

/** What the duty rules read from the database: the case's completed tasks, its declared recusals, the staff entries of the people named. */
export interface ReadDutyFacts {
  completed: DutyFacts['completed'];
  recused: string[];
  staff: StoredStaff[];
}

/** The people a task command names (the actor, and whom a delegation or transfer goes to). */
export function dutyPeople(command: Command): string[] {
  return [command.actor.id, ...(command.type === 'DelegateTask' || command.type === 'TransferTask' ? [command.toUserId] : [])];
}

/**
 * The same reads as DutyPolicy's, as three json columns of the statement that reads the case `c` (`$people` the
 * text[] parameter of dutyPeople): CaseRuntime reads case and facts in one round trip.
 */
export function dutyFactsSql(people: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('stepId', t.step_id, 'kind', t.kind, 'completedBy', t.completed_by)), '[]'::json) FROM tasks t
      WHERE t.case_id = c.id AND t.status = 'completed' AND t.completed_by IS NOT NULL) AS "dutyCompleted",
    (SELECT coalesce(json_agg(DISTINCT h.actor), '[]'::json) FROM case_history h WHERE h.case_id = c.id AND h.action = '${RECUSED_ACTION}') AS "dutyRecused",
    (SELECT coalesce(json_agg(s), '[]'::json) FROM (SELECT user_id AS "userId", name, dept, roles, active, conflicts, revision, changed_at AS "changedAt", changed_by AS "changedBy"
      FROM staff_directory WHERE user_id = ANY(${people}::text[])) s) AS "dutyStaff"`;
}

/** The facts dutyFactsSql's columns hold. */
export function dutyFactsFrom(r: {
  dutyCompleted: DutyFacts['completed'];
  dutyRecused: string[];
  dutyStaff: (StoredStaff & { changedAt: string })[];
}): ReadDutyFacts {
  return { completed: r.dutyCompleted, recused: r.dutyRecused, staff: r.dutyStaff.map((s) => ({ ...s, changedAt: new Date(s.changedAt) })) };
}
