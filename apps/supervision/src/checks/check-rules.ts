import { EntityManager } from 'typeorm';
import { Command } from '@permits/workflow/engine';
import { CaseContext, CaseRow } from '@permits/workflow-runtime';
import { DomainError } from '@permits/core';

/** The marker the check-result command puts in its context: the only way an inspection task is completed. */
export const CHECK_RESULT_CHANNEL = 'check_result';
const REASSIGNING = new Set<Command['type']>(['ClaimTask', 'UnclaimTask', 'DelegateTask', 'TransferTask']);

export function taskOf(row: CaseRow, command: Command) {
  return 'taskId' in command ? row.state.tasks.find((t) => t.id === command.taskId) : undefined;
}

export function requireHead(actor: Command['actor'], what: string): void {
  if (!actor.roles.includes('head')) throw new DomainError('HEAD_REQUIRED', `${what} is a head's`);
}

/**
 * Supervision's rules on a check's task commands, whatever the path (the task API under any spelling, the
 * check-result endpoint): an inspection is recorded only through the check result, and never claimed,
 * delegated or transferred (a v1 pool task included; v2 tasks are held by name in the engine too); a
 * disputed check's review is a head's, and never one of its own inspectors'.
 */
export async function checkRules(_tx: EntityManager, row: CaseRow, command: Command, ctx: CaseContext): Promise<void> {
  if (row.definitionKey !== 'supervision_check') return;
  const task = taskOf(row, command);
  if (!task) return;
  if (task.kind === 'inspection') {
    if (REASSIGNING.has(command.type))
      throw new DomainError('FORBIDDEN', 'an inspection task is held by the inspector drawn for it: never claimed, delegated or transferred');
    if (command.type === 'CompleteTask' && ctx.input?.channel !== CHECK_RESULT_CHANNEL) {
      throw new DomainError('CONFLICT', 'an inspection is recorded with POST /api/v1/supervision/checks/:id/result');
    }
    return;
  }
  if (task.stepId === 'review' && command.type === 'CompleteTask') {
    if (command.outcome === 'return')
      throw new DomainError('INVALID_TRANSITION', 'a disputed check is decided by the review: compliant (approve) or violation (reject)');
    requireHead(command.actor, 'the review of a disputed check');
    const inspectors = (row.state.data.inspectors as string[] | undefined) ?? [];
    if (inspectors.includes(command.actor.id)) throw new DomainError('SAME_PERSON', 'an inspector of the check does not review its dispute');
  }
}
