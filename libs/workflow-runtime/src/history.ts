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
      return {
        action: `${e.kind}:${e.outcome}`,
        actor: e.by,
        detail: { taskId: e.taskId, comment: e.comment, ...(input?.corrections ? { corrections: input.corrections } : {}) },
      };
    case 'TaskDelegated':
      return { action: 'task_delegated', actor: e.from, detail: { taskId: e.taskId, to: e.to } };
    case 'TaskDelegationResolved':
      return { action: 'task_delegation_resolved', actor: e.by, detail: { taskId: e.taskId, backTo: e.backTo, outcome: e.outcome, comment: e.comment } };
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
    case 'CaseMigrated':
      return { action: 'migrated', actor: e.by, detail: { from: e.from, to: e.to, fromStepId: e.fromStepId, toStepId: e.toStepId } };
    default:
      return null;
  }
}

export interface StoredHistoryLine {
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

/** Task outcomes whose comment is the applicant's: a refusal's reasons, the corrections asked for. */
const APPLICANTS_OUTCOMES = new Set(['acceptance:not_accept', 'acceptance:request_correction', 'decision:reject']);
/** Lines of the bureau's internal deliberation: who the work was handed to, who signs. */
const STAFF_ONLY_ACTIONS = new Set(['task_delegated', 'task_delegation_resolved', 'task_transferred', 'countersign_signers_changed', 'migrated', 'recused']);

/**
 * A case's history as its applicant sees it: the progress (steps, decisions, pauses, extensions, and the
 * reasons of a refusal and the corrections asked for), not the bureau's deliberation: no countersign
 * votes (neither each department's nor the tally), no internal comments, no delegation or transfer
 * targets, no assignees.
 */
export function applicantHistory(lines: StoredHistoryLine[]): StoredHistoryLine[] {
  const out: StoredHistoryLine[] = [];
  for (const l of lines) {
    if (STAFF_ONLY_ACTIONS.has(l.action)) continue;
    if (l.action.startsWith('task_opened:')) {
      out.push({ ...l, detail: { dept: l.detail.dept } });
      continue;
    }
    if (l.action.startsWith('countersign:')) {
      // a department's vote is a completed task (it names one); the tally (CountersignDecided) says only the outcome
      if ('taskId' in l.detail) continue;
      out.push({ ...l, detail: {} });
      continue;
    }
    if ('taskId' in l.detail && 'comment' in l.detail) {
      // a completed task: the comment and the corrections only where they are the applicant's
      const own = APPLICANTS_OUTCOMES.has(l.action);
      out.push({ ...l, detail: own ? { comment: l.detail.comment ?? null, ...(l.detail.corrections ? { corrections: l.detail.corrections } : {}) } : {} });
      continue;
    }
    if (l.action === 'returned') {
      out.push({ ...l, detail: {} });
      continue;
    }
    out.push(l);
  }
  return out;
}
