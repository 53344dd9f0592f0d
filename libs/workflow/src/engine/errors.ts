// Typed domain errors with a stable `code`. The HTTP layer maps them once, in one global filter
// (WORKFLOW_ERROR_STATUS is the intended mapping); the codes never change.

export abstract class WorkflowError extends Error {
  abstract readonly code: WorkflowErrorCode;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The command is not legal in the case's current state (task not open, case completed, bad outcome, ...). */
export class InvalidTransition extends WorkflowError {
  readonly code = 'INVALID_TRANSITION';
}

/** The actor may not act on this task or case (another department, not assigned, wrong role). */
export class NotYourTask extends WorkflowError {
  readonly code = 'NOT_YOUR_TASK';
}

export class TaskNotFound extends WorkflowError {
  readonly code = 'TASK_NOT_FOUND';
  constructor(readonly taskId: string) {
    super(`task ${taskId} not found`);
  }
}

/** The command itself is malformed (empty signer list, returnTo without return, bad step mapping, ...). */
export class InvalidCommand extends WorkflowError {
  readonly code = 'INVALID_COMMAND';
}

/** The same idempotency key came back with a different command. */
export class IdempotencyConflict extends WorkflowError {
  readonly code = 'IDEMPOTENCY_CONFLICT';
}

export interface DefinitionProblem {
  stepId?: string;
  message: string;
}

export class InvalidDefinition extends WorkflowError {
  readonly code = 'INVALID_DEFINITION';
  constructor(readonly problems: DefinitionProblem[]) {
    super(`invalid workflow definition: ${problems.map(formatProblem).join('; ')}`);
  }
}

/** A programming error in the runtime: the definition passed is not the one the state runs on. */
export class DefinitionMismatch extends WorkflowError {
  readonly code = 'DEFINITION_MISMATCH';
}

export type WorkflowErrorCode =
  'INVALID_TRANSITION' | 'NOT_YOUR_TASK' | 'TASK_NOT_FOUND' | 'INVALID_COMMAND' | 'IDEMPOTENCY_CONFLICT' | 'INVALID_DEFINITION' | 'DEFINITION_MISMATCH';

export const WORKFLOW_ERROR_STATUS: Record<WorkflowErrorCode, number> = {
  INVALID_TRANSITION: 409,
  NOT_YOUR_TASK: 403,
  TASK_NOT_FOUND: 404,
  INVALID_COMMAND: 400,
  IDEMPOTENCY_CONFLICT: 422,
  INVALID_DEFINITION: 400,
  DEFINITION_MISMATCH: 500,
};

export function formatProblem(p: DefinitionProblem): string {
  return p.stepId === undefined ? p.message : `${p.stepId}: ${p.message}`;
}
