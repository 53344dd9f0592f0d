import type { WorkflowEvent } from '@permits/workflow/engine';

export interface HistoryLine {
  action: string;
  actor?: string;
  detail: Record<string, unknown>;
}

/** The events people read in a case's history; the rest (bookkeeping) stay in the audit trail. */
export function historyLine(e: WorkflowEvent, input?: Record<string, unknown>): HistoryLine | null {
  switch (e.type) {
    case 'CaseStarted':
      return { action: `started:${e.definitionKey}`, actor: e.by, detail: { version: e.definitionVersion } };
    case 'TaskOpened':
      return { action: `task_opened:${e.kind}`, actor: 'system', detail: { taskId: e.taskId, dept: e.dept, assignee: e.assignee } };
    case 'TaskCompleted':
      return { action: `${e.kind}:${e.outcome}`, actor: e.by, detail: { taskId: e.taskId, comment: e.comment, ...(input?.corrections ? { corrections: input.corrections } : {}) } };
    case 'TaskDelegated':
      return { action: 'task_delegated', actor: e.from, detail: { taskId: e.taskId, to: e.to } };
    case 'TaskTransferred':
      return { action: 'task_transferred', actor: e.by, detail: { taskId: e.taskId, from: e.from, to: e.to } };
    case 'CaseReturned':
      return { action: 'returned', actor: e.by, detail: { from: e.fromStepId, to: e.toStepId } };
    case 'CountersignSignersChanged':
      return { action: 'countersign_signers_changed', actor: e.by, detail: { added: e.added, removed: e.removed } };
    case 'CountersignDecided':
      return { action: `countersign:${e.outcome}`, actor: 'system', detail: { votes: e.votes } };
    case 'WaitStarted':
      return { action: 'wait_started', actor: 'system', detail: { stepId: e.stepId, days: e.days, unit: e.unit, pausesClock: e.pausesClock } };
    case 'CaseSuspended':
      return { action: 'case_suspended', actor: e.by, detail: { reason: e.reason } };
    case 'CaseResumed':
      return { action: 'case_resumed', actor: e.by, detail: {} };
    case 'CaseCompleted':
      return { action: e.result, actor: 'system', detail: { stepId: e.stepId } };
    default:
      return null;
  }
}
