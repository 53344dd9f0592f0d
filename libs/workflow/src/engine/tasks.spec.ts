// Task commands through `decide`: complete, claim/unclaim, delegate (委派), transfer (转办), permissions.
import { ACCEPTANCE, EIA_APPROVAL } from '../definitions';
import type { WorkflowDefinition } from './definition';
import { InvalidCommand, InvalidTransition, NotYourTask, TaskNotFound } from './errors';
import { AUDITOR, CaseHarness, APPLICANT, countersignDef, head, officer, types, ADMIN } from './testing/harness';

const reviewDef = (): WorkflowDefinition => countersignDef({ type: 'all' }, ['pollution', 'monitoring']);

describe('CompleteTask', () => {
  it('completes a pool task of the actor department and follows the outcome route', () => {
    const c = CaseHarness.started(reviewDef());
    const review = c.task('eia');
    const events = c.complete('eia', 'approve', { comment: 'fine' });
    expect(types(events)).toEqual(['TaskCompleted', 'StepLeft', 'StepEntered', 'TaskOpened', 'TaskOpened']);
    expect(c.s.tasks.find((t) => t.id === review.id)).toMatchObject({
      status: 'completed',
      outcome: 'approve',
      completedBy: 'eia-officer',
      comment: 'fine',
      completedAt: '2025-03-03T01:01:00.000Z',
    });
    expect(c.s.currentStepId).toBe('cs');
  });

  it('routes the three acceptance outcomes', () => {
    const accepted = CaseHarness.started(ACCEPTANCE);
    accepted.complete('window', 'accept');
    expect(accepted.s).toMatchObject({ status: 'completed', result: 'accepted' });

    const refused = CaseHarness.started(ACCEPTANCE);
    refused.complete('window', 'not_accept');
    expect(refused.s).toMatchObject({ status: 'completed', result: 'not_accepted' });

    const corrected = CaseHarness.started(ACCEPTANCE);
    corrected.complete('window', 'request_correction');
    expect(corrected.s.currentStepId).toBe('await-supplement');
    expect(corrected.eventsOf('SystemStepStarted')).toEqual([expect.objectContaining({ job: 'intake.await-supplement', round: 1 })]);
    corrected.run({ type: 'SystemReplied', actor: APPLICANT, stepId: 'await-supplement', ok: true, data: { supplemented: true } });
    expect(corrected.task('window')).toMatchObject({ kind: 'acceptance', round: 2 });
    expect(corrected.s.data).toEqual({ supplemented: true });
  });

  it('answers NotYourTask for a task of another department', () => {
    const c = CaseHarness.started(reviewDef());
    const error = c.reject({ type: 'CompleteTask', actor: officer('legal'), taskId: c.task('eia').id, outcome: 'approve' });
    expect(error).toBeInstanceOf(NotYourTask);
    expect(error.code).toBe('NOT_YOUR_TASK');
  });

  it('answers NotYourTask to people without a staff role, even in the right department', () => {
    const c = CaseHarness.started(reviewDef());
    expect(c.reject({ type: 'CompleteTask', actor: { ...AUDITOR, dept: 'eia' }, taskId: c.task('eia').id, outcome: 'approve' })).toBeInstanceOf(NotYourTask);
    expect(c.reject({ type: 'CompleteTask', actor: APPLICANT, taskId: c.task('eia').id, outcome: 'approve' })).toBeInstanceOf(NotYourTask);
  });

  it('answers TaskNotFound for an unknown task', () => {
    const c = CaseHarness.started(reviewDef());
    const error = c.reject({ type: 'CompleteTask', actor: officer('eia'), taskId: 'nope', outcome: 'approve' });
    expect(error).toBeInstanceOf(TaskNotFound);
    expect(error.code).toBe('TASK_NOT_FOUND');
  });

  it('answers InvalidTransition when the task is already completed', () => {
    const c = CaseHarness.started(reviewDef());
    const taskId = c.task('eia').id;
    c.complete('eia', 'approve');
    const error = c.reject({ type: 'CompleteTask', actor: officer('eia'), taskId, outcome: 'approve' });
    expect(error).toBeInstanceOf(InvalidTransition);
    expect(error.code).toBe('INVALID_TRANSITION');
  });

  it('answers InvalidTransition for an outcome illegal for the task kind', () => {
    const c = CaseHarness.started(reviewDef());
    expect(c.reject({ type: 'CompleteTask', actor: officer('eia'), taskId: c.task('eia').id, outcome: 'accept' })).toBeInstanceOf(InvalidTransition);
    const a = CaseHarness.started(ACCEPTANCE);
    expect(a.reject({ type: 'CompleteTask', actor: officer('window'), taskId: a.task('window').id, outcome: 'approve' })).toBeInstanceOf(InvalidTransition);
    expect(a.reject({ type: 'CompleteTask', actor: officer('window'), taskId: a.task('window').id, outcome: 'return' })).toBeInstanceOf(InvalidTransition);
  });

  it('answers InvalidTransition for a legal outcome that the step does not route', () => {
    const def = reviewDef();
    Object.assign(def.steps[0], { outcomes: { approve: 'cs' } });
    const c = CaseHarness.started(def);
    expect(c.reject({ type: 'CompleteTask', actor: officer('eia'), taskId: c.task('eia').id, outcome: 'reject' })).toBeInstanceOf(InvalidTransition);
  });

  it('answers InvalidCommand for returnTo without the return outcome', () => {
    const c = CaseHarness.started(reviewDef());
    expect(c.reject({ type: 'CompleteTask', actor: officer('eia'), taskId: c.task('eia').id, outcome: 'approve', returnTo: 'review' })).toBeInstanceOf(
      InvalidCommand,
    );
  });

  it('gives a named assignee the task alone', () => {
    const def = reviewDef();
    Object.assign(def.steps[0], { assignee: 'zhang' });
    const c = CaseHarness.started(def);
    expect(c.task('eia')).toMatchObject({ assignee: 'zhang', claimed: false });
    expect(c.reject({ type: 'CompleteTask', actor: officer('eia'), taskId: c.task('eia').id, outcome: 'approve' })).toBeInstanceOf(NotYourTask);
    c.run({ type: 'CompleteTask', actor: officer('eia', 'zhang'), taskId: c.task('eia').id, outcome: 'approve' });
    expect(c.s.currentStepId).toBe('cs');
  });
});

describe('ClaimTask and UnclaimTask', () => {
  it('claims a pool task, keeps colleagues off it, and puts it back', () => {
    const c = CaseHarness.started(reviewDef());
    const taskId = c.task('eia').id;
    const li = officer('eia', 'li');
    expect(types(c.run({ type: 'ClaimTask', actor: li, taskId }))).toEqual(['TaskClaimed']);
    expect(c.task('eia')).toMatchObject({ assignee: 'li', claimed: true });

    expect(c.reject({ type: 'ClaimTask', actor: officer('eia', 'wang'), taskId })).toBeInstanceOf(InvalidTransition);
    expect(c.reject({ type: 'CompleteTask', actor: officer('eia', 'wang'), taskId, outcome: 'approve' })).toBeInstanceOf(NotYourTask);
    expect(c.reject({ type: 'ClaimTask', actor: li, taskId })).toBeInstanceOf(InvalidTransition);

    expect(types(c.run({ type: 'UnclaimTask', actor: li, taskId }))).toEqual(['TaskUnclaimed']);
    expect(c.task('eia')).toMatchObject({ assignee: null, claimed: false });
    c.run({ type: 'CompleteTask', actor: officer('eia', 'wang'), taskId, outcome: 'approve' });
    expect(c.s.currentStepId).toBe('cs');
  });

  it('refuses a claim from another department with NotYourTask', () => {
    const c = CaseHarness.started(reviewDef());
    expect(c.reject({ type: 'ClaimTask', actor: officer('legal'), taskId: c.task('eia').id })).toBeInstanceOf(NotYourTask);
  });

  it('lets a head of the department unclaim a colleague task, but not a colleague', () => {
    const c = CaseHarness.started(reviewDef());
    const taskId = c.task('eia').id;
    c.run({ type: 'ClaimTask', actor: officer('eia', 'li'), taskId });
    expect(c.reject({ type: 'UnclaimTask', actor: officer('eia', 'wang'), taskId })).toBeInstanceOf(NotYourTask);
    expect(c.reject({ type: 'UnclaimTask', actor: head('legal'), taskId })).toBeInstanceOf(NotYourTask);
    expect(c.run({ type: 'UnclaimTask', actor: head('eia'), taskId })).toEqual([
      expect.objectContaining({ type: 'TaskUnclaimed', from: 'li', by: 'eia-head' }),
    ]);
  });

  it('refuses to unclaim a task that was never claimed', () => {
    const c = CaseHarness.started(reviewDef());
    expect(c.reject({ type: 'UnclaimTask', actor: head('eia'), taskId: c.task('eia').id })).toBeInstanceOf(InvalidTransition);
  });
});

describe('DelegateTask', () => {
  it('round-trips: the delegate resolves, the delegator completes', () => {
    const c = CaseHarness.started(reviewDef());
    const taskId = c.task('eia').id;
    const li = officer('eia', 'li');
    const expert = officer('legal', 'expert-chen');
    c.run({ type: 'ClaimTask', actor: li, taskId });
    expect(c.run({ type: 'DelegateTask', actor: li, taskId, toUserId: 'expert-chen' })).toEqual([
      expect.objectContaining({ type: 'TaskDelegated', from: 'li', to: 'expert-chen' }),
    ]);
    expect(c.task('eia')).toMatchObject({ assignee: 'expert-chen', delegatedFrom: 'li', delegation: 'pending' });

    // While delegated, the delegator cannot complete it; the delegate (of another department) can resolve it.
    expect(c.reject({ type: 'CompleteTask', actor: li, taskId, outcome: 'approve' })).toBeInstanceOf(NotYourTask);
    expect(types(c.run({ type: 'CompleteTask', actor: expert, taskId, outcome: 'reject', comment: 'noise data missing' }))).toEqual(['TaskDelegationResolved']);
    expect(c.task('eia')).toMatchObject({
      status: 'open',
      assignee: 'li',
      delegation: 'resolved',
      resolution: { by: 'expert-chen', outcome: 'reject', comment: 'noise data missing' },
    });
    expect(c.s.currentStepId).toBe('review');

    expect(c.reject({ type: 'CompleteTask', actor: expert, taskId, outcome: 'approve' })).toBeInstanceOf(NotYourTask);
    c.run({ type: 'CompleteTask', actor: li, taskId, outcome: 'approve' });
    expect(c.s.tasks.find((t) => t.id === taskId)).toMatchObject({ status: 'completed', outcome: 'approve', completedBy: 'li' });
    expect(c.s.currentStepId).toBe('cs');
  });

  it('delegates a countersign task; the vote counts for the signer once the delegator completes', () => {
    const c = CaseHarness.started(reviewDef());
    c.complete('eia', 'approve');
    const taskId = c.task('pollution').id;
    c.run({ type: 'DelegateTask', actor: officer('pollution'), taskId, toUserId: 'lab' });
    c.run({ type: 'CompleteTask', actor: officer('monitoring', 'lab'), taskId, outcome: 'approve' });
    expect(c.s.countersign?.votes).toEqual({});
    c.complete('pollution', 'approve');
    expect(c.s.countersign?.votes.pollution).toMatchObject({ vote: 'approve', by: 'pollution-officer' });
  });

  it('refuses to delegate twice, to oneself, or someone else task', () => {
    const c = CaseHarness.started(reviewDef());
    const taskId = c.task('eia').id;
    expect(c.reject({ type: 'DelegateTask', actor: officer('eia'), taskId, toUserId: 'eia-officer' })).toBeInstanceOf(InvalidCommand);
    expect(c.reject({ type: 'DelegateTask', actor: officer('legal'), taskId, toUserId: 'x' })).toBeInstanceOf(NotYourTask);
    c.run({ type: 'DelegateTask', actor: officer('eia'), taskId, toUserId: 'x' });
    expect(c.reject({ type: 'DelegateTask', actor: officer('eia', 'x'), taskId, toUserId: 'y' })).toBeInstanceOf(InvalidTransition);
    expect(c.reject({ type: 'TransferTask', actor: officer('eia', 'x'), taskId, toUserId: 'y' })).toBeInstanceOf(InvalidTransition);
  });
});

describe('TransferTask', () => {
  it('hands the task over for good', () => {
    const c = CaseHarness.started(reviewDef());
    const taskId = c.task('eia').id;
    const li = officer('eia', 'li');
    c.run({ type: 'ClaimTask', actor: li, taskId });
    expect(c.run({ type: 'TransferTask', actor: li, taskId, toUserId: 'wang' })).toEqual([
      expect.objectContaining({ type: 'TaskTransferred', from: 'li', to: 'wang', by: 'li' }),
    ]);
    expect(c.task('eia')).toMatchObject({ assignee: 'wang', claimed: false, delegatedFrom: null });
    expect(c.reject({ type: 'CompleteTask', actor: li, taskId, outcome: 'approve' })).toBeInstanceOf(NotYourTask);
    c.run({ type: 'CompleteTask', actor: officer('eia', 'wang'), taskId, outcome: 'approve' });
    expect(c.s.tasks.find((t) => t.id === taskId)).toMatchObject({ status: 'completed', completedBy: 'wang' });
  });

  it('lets a head or an admin reassign a task held by someone else', () => {
    const c = CaseHarness.started(reviewDef());
    const taskId = c.task('eia').id;
    c.run({ type: 'ClaimTask', actor: officer('eia', 'li'), taskId });
    c.run({ type: 'TransferTask', actor: head('eia'), taskId, toUserId: 'wang' });
    c.run({ type: 'TransferTask', actor: ADMIN, taskId, toUserId: 'zhao' });
    expect(c.task('eia').assignee).toBe('zhao');
    expect(c.reject({ type: 'TransferTask', actor: ADMIN, taskId, toUserId: 'zhao' })).toBeInstanceOf(InvalidTransition);
    expect(c.reject({ type: 'TransferTask', actor: officer('eia', 'li'), taskId, toUserId: 'li' })).toBeInstanceOf(NotYourTask);
  });
});

describe('tasks of the EIA definition', () => {
  it('names task kinds as the definition does', () => {
    const c = CaseHarness.started(EIA_APPROVAL, { eiaCategory: 'report_book' });
    c.complete('eia', 'approve');
    expect(c.task('eia')).toMatchObject({ kind: 'technical_assessment', stepId: 'technical-assessment' });
    expect(c.eventsOf('StepEntered').at(-1)).toMatchObject({ stepId: 'technical-assessment', pausesClock: 'technical_assessment' });
  });
});
