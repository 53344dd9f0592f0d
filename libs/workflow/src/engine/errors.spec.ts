import {
  DefinitionMismatch,
  IdempotencyConflict,
  InvalidCommand,
  InvalidDefinition,
  InvalidTransition,
  NotYourTask,
  TaskNotFound,
  WORKFLOW_ERROR_STATUS,
  WorkflowError,
} from './errors';

describe('WorkflowError', () => {
  it.each([
    [new InvalidTransition('x'), 'INVALID_TRANSITION', 409],
    [new NotYourTask('x'), 'NOT_YOUR_TASK', 403],
    [new TaskNotFound('t1'), 'TASK_NOT_FOUND', 404],
    [new InvalidCommand('x'), 'INVALID_COMMAND', 400],
    [new IdempotencyConflict('x'), 'IDEMPOTENCY_CONFLICT', 422],
    [new InvalidDefinition([{ stepId: 's', message: 'bad' }]), 'INVALID_DEFINITION', 400],
    [new DefinitionMismatch('x'), 'DEFINITION_MISMATCH', 500],
  ])('%s has a stable code and status', (error, code, status) => {
    expect(error).toBeInstanceOf(WorkflowError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.name).toBe(error.constructor.name);
    expect(WORKFLOW_ERROR_STATUS[error.code]).toBe(status);
  });

  it('lists every definition problem in the message', () => {
    expect(new InvalidDefinition([{ stepId: 'a', message: 'one' }, { message: 'two' }]).message).toBe('invalid workflow definition: a: one; two');
  });
});
