import { EntityManager } from 'typeorm';
import type { Command, InstanceState, WorkflowDefinition } from '@permits/workflow/engine';
import { assertDuties, DEFAULT_DUTY_RULES, DutyFacts, DutyRule, isTaskCommand, StaffEntry } from './duty-policy';
import { staffEntries } from './staff-store';

/** Recusals declared at intake before the handover, carried in the case data (`recusedBy`, written by intake, never a request). */
function carriedRecusals(state: InstanceState): string[] {
  const carried = (state.data as Record<string, unknown> | undefined)?.recusedBy;
  return Array.isArray(carried) ? carried.filter((x): x is string => typeof x === 'string') : [];
}

/** The history action of a declared recusal (the integrity report reads the audit action of the same name). */
export const RECUSED_ACTION = 'recused';

/**
 * The duty policy CaseRuntime consults before every task command (claim, complete, delegate, transfer,
 * countersign vote), inside the command's transaction with the case row locked. The facts come from the
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
  ): Promise<void> {
    if (!isTaskCommand(command)) return;
    const task = c.state.tasks.find((t) => t.id === command.taskId);
    if (!task) return; // the engine answers TASK_NOT_FOUND
    const people = [command.actor.id, ...(command.type === 'DelegateTask' || command.type === 'TransferTask' ? [command.toUserId] : [])];
    // one connection: the reads run one after the other
    const completed = (await tx.query(
      `SELECT step_id AS "stepId", kind, completed_by AS "completedBy" FROM tasks WHERE case_id = $1 AND status = 'completed' AND completed_by IS NOT NULL`,
      [c.caseId],
    )) as DutyFacts['completed'];
    const recused = (await tx.query(`SELECT DISTINCT actor FROM case_history WHERE case_id = $1 AND action = $2`, [c.caseId, RECUSED_ACTION])) as {
      actor: string;
    }[];
    const staff = await staffEntries(tx, people);
    assertDuties(
      {
        definition: c.definition,
        state: c.state,
        command,
        task,
        applicantCreditCode: c.applicantCreditCode,
        completed,
        recused: new Set([...recused.map((r) => r.actor), ...carriedRecusals(c.state)]),
        staff: new Map<string, StaffEntry>(staff.map((s) => [s.userId, s])),
      },
      this.rules,
    );
  }
}
