import { DomainError } from '@permits/core';
import type { CaseworkQueries } from '../../casework.queries';
import type { TaskRow } from '../../entities';

export type TaskAnswer = Pick<TaskRow, 'id' | 'status' | 'outcome' | 'assignee'> & { applicationId: string };

/** What a task command answers: the task as it stands now. */
export async function taskAnswer(queries: CaseworkQueries, id: string): Promise<TaskAnswer> {
  const t = await queries.task(id);
  if (!t) throw new DomainError('TASK_NOT_FOUND', 'task not found');
  return { id: t.id, applicationId: t.caseId, status: t.status, outcome: t.outcome, assignee: t.assignee };
}
