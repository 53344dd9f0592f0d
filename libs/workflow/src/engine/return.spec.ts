// 退回: back to the previous human step on the route, or to a named earlier one; never forward.
import { EIA_APPROVAL } from '../definitions';
import type { WorkflowDefinition } from './definition';
import { InvalidTransition } from './errors';
import { CaseHarness, countersignDef, officer, RUNTIME, types } from './testing/harness';

/** review → assess → countersign (all of pollution, legal) → decision → approved. */
const chain = (): WorkflowDefinition => {
  const def = countersignDef({ type: 'all' }, ['pollution', 'legal']);
  def.steps[0] = { id: 'review', kind: 'task', taskKind: 'review', dept: 'eia', outcomes: { approve: 'assess', reject: 'denied' } };
  def.steps.push({ id: 'assess', kind: 'task', taskKind: 'technical_assessment', dept: 'eia', outcomes: { approve: 'cs', reject: 'denied' } });
  return def;
};

function atDecision(): CaseHarness {
  const c = CaseHarness.started(chain());
  c.complete('eia', 'approve');
  c.complete('eia', 'approve');
  c.complete('pollution', 'approve');
  c.complete('legal', 'approve');
  expect(c.s.currentStepId).toBe('decision');
  return c;
}

describe('return', () => {
  it('goes back to the previous step and opens a fresh task there', () => {
    const c = CaseHarness.started(chain());
    c.complete('eia', 'approve');
    const events = c.complete('eia', 'return', { comment: 'redo the review' });
    expect(types(events)).toEqual(['TaskCompleted', 'CaseReturned', 'StepLeft', 'StepEntered', 'TaskOpened']);
    expect(c.s.currentStepId).toBe('review');
    expect(c.task('eia')).toMatchObject({ stepId: 'review', round: 2 });
    expect(c.s.stack).toEqual(['review']);
  });

  it('returns out of a countersign: every countersign task is cancelled and the votes are dropped', () => {
    const c = CaseHarness.started(chain());
    c.complete('eia', 'approve');
    c.complete('eia', 'approve');
    c.complete('pollution', 'approve');
    const legalTask = c.task('legal').id;
    c.complete('legal', 'return');
    expect(c.s.currentStepId).toBe('assess');
    expect(c.s.countersign).toBeNull();
    expect(c.s.tasks.find((t) => t.id === legalTask)).toMatchObject({ status: 'completed', outcome: 'return' });
    expect(c.openTasks()).toEqual([expect.objectContaining({ stepId: 'assess', round: 2 })]);

    // Coming back, the countersign starts over: the earlier approval does not count.
    c.complete('eia', 'approve');
    expect(c.s.countersign).toMatchObject({ round: 2, votes: {} });
    c.complete('legal', 'approve');
    expect(c.s.currentStepId).toBe('cs');
  });

  it('cancels the pending countersign tasks of other signers', () => {
    const c = CaseHarness.started(chain());
    c.complete('eia', 'approve');
    c.complete('eia', 'approve');
    const pollutionTask = c.task('pollution').id;
    c.complete('legal', 'return');
    expect(c.s.tasks.find((t) => t.id === pollutionTask)).toMatchObject({ status: 'cancelled' });
    expect(c.eventsOf('TaskCancelled')).toEqual([expect.objectContaining({ taskId: pollutionTask, reason: 'returned' })]);
  });

  it('goes to a named earlier step with returnTo, cutting the route back to it', () => {
    const c = atDecision();
    c.complete('approval', 'return', { returnTo: 'review' });
    expect(c.s.currentStepId).toBe('review');
    expect(c.s.stack).toEqual(['review']);
    expect(c.reject({ type: 'CompleteTask', actor: officer('eia'), taskId: c.task('eia').id, outcome: 'return' })).toBeInstanceOf(InvalidTransition);
  });

  it('after a return, a second return goes further back, not forward again', () => {
    const c = atDecision();
    c.complete('approval', 'return'); // → cs
    expect(c.s.currentStepId).toBe('cs');
    c.complete('pollution', 'return'); // → assess, not decision
    expect(c.s.currentStepId).toBe('assess');
    c.complete('eia', 'return');
    expect(c.s.currentStepId).toBe('review');
  });

  it('never goes to a step not visited before, nor forward, nor to the current step', () => {
    const c = CaseHarness.started(chain());
    c.complete('eia', 'approve');
    const taskId = c.task('eia').id;
    for (const returnTo of ['decision', 'cs', 'assess', 'nowhere', 'approved']) {
      expect(c.reject({ type: 'CompleteTask', actor: officer('eia'), taskId, outcome: 'return', returnTo })).toBeInstanceOf(InvalidTransition);
    }
  });

  it('refuses a return from the first step', () => {
    const c = CaseHarness.started(chain());
    expect(c.reject({ type: 'CompleteTask', actor: officer('eia'), taskId: c.task('eia').id, outcome: 'return' })).toBeInstanceOf(InvalidTransition);
  });

  it('skips automatic steps: a return from the EIA countersign goes to the technical assessment, then the notice runs again', () => {
    const c = CaseHarness.started(EIA_APPROVAL, { eiaCategory: 'report_table' });
    c.complete('eia', 'approve');
    c.complete('eia', 'approve');
    c.run({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'acceptance-notice', round: 1 });
    c.complete('legal', 'return');
    expect(c.s.currentStepId).toBe('technical-assessment');
    c.complete('eia', 'approve');
    expect(c.eventsOf('WaitStarted').map((e) => e.round)).toEqual([1, 2]);
    expect(c.reject({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'acceptance-notice', round: 1 })).toBeInstanceOf(InvalidTransition);
  });
});
