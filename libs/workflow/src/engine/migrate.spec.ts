// Migrating running cases onto another definition, including cases inside a countersign.
import { EIA_APPROVAL } from '../definitions';
import type { WorkflowDefinition } from './definition';
import { InvalidCommand, InvalidDefinition, NotYourTask } from './errors';
import { replay } from './replay';
import { ADMIN, CaseHarness, countersignDef, head, RUNTIME, types } from './testing/harness';

function inCountersign(def: WorkflowDefinition): CaseHarness {
  const c = CaseHarness.started(def);
  c.complete('eia', 'approve');
  return c;
}

/** Version 2 with renamed steps: review → initial-review, cs → joint-review. */
function renamedV2(signers = countersignDef({ type: 'all' }).steps[1]): WorkflowDefinition {
  const def = countersignDef({ type: 'all' }, undefined, false, 2);
  def.steps[0] = { id: 'initial-review', kind: 'task', taskKind: 'review', dept: 'eia', outcomes: { approve: 'joint-review', reject: 'denied' } };
  def.steps[1] = { ...signers, id: 'joint-review' } as WorkflowDefinition['steps'][number];
  def.start = 'initial-review';
  return def;
}

describe('Migrate', () => {
  it('keeps the votes and open tasks of signers still present inside a countersign, and asks the new ones', () => {
    const c = inCountersign(countersignDef({ type: 'all' }));
    c.complete('pollution', 'approve');
    c.complete('monitoring', 'approve');
    const legalTask = c.task('legal').id;
    const v2 = countersignDef({ type: 'all' }, ['pollution', 'legal', 'enforcement'], false, 2);
    const events = c.run({ type: 'Migrate', actor: ADMIN, toDefinition: v2, stepMapping: {} });
    // the same step id and clock: no StepLeft/StepEntered (the clock's pause is not split)
    expect(types(events)).toEqual(['CaseMigrated', 'CountersignSignersChanged', 'TaskOpened']);
    expect(c.s).toMatchObject({ definitionKey: 'cs-test', definitionVersion: 2, currentStepId: 'cs' });
    expect(Object.keys(c.s.countersign!.votes)).toEqual(['pollution']);
    expect(c.task('legal').id).toBe(legalTask);
    expect(c.openTasks().map((t) => t.signer)).toEqual(['legal', 'enforcement']);

    c.complete('legal', 'approve');
    expect(c.s.currentStepId).toBe('cs');
    c.complete('enforcement', 'approve');
    expect(c.s.currentStepId).toBe('decision');
  });

  it('decides at once when the kept votes already meet the new policy', () => {
    const c = inCountersign(countersignDef({ type: 'all' }));
    c.complete('legal', 'approve');
    const v2 = countersignDef({ type: 'any' }, ['legal', 'monitoring'], false, 2);
    c.run({ type: 'Migrate', actor: ADMIN, toDefinition: v2, stepMapping: {} });
    expect(c.s.currentStepId).toBe('decision');
    expect(c.s.tasks.filter((t) => t.stepId === 'cs' && t.status === 'open')).toEqual([]);
  });

  it('never carries a rejection onto the approved path: kept no votes still reject', () => {
    const c = inCountersign(countersignDef({ type: 'any' }));
    c.complete('pollution', 'reject');
    c.complete('legal', 'reject');
    const v2 = countersignDef({ type: 'any' }, ['pollution', 'legal'], false, 2);
    c.run({ type: 'Migrate', actor: ADMIN, toDefinition: v2, stepMapping: {} });
    expect(c.s.result).toBe('denied');
  });

  it('follows renamed steps through the mapping, for the current step and the return route', () => {
    const c = inCountersign(countersignDef({ type: 'all' }));
    c.complete('pollution', 'approve');
    const v2 = renamedV2();
    c.run({ type: 'Migrate', actor: ADMIN, toDefinition: v2, stepMapping: { cs: 'joint-review', review: 'initial-review' } });
    expect(c.s.currentStepId).toBe('joint-review');
    expect(c.s.stack).toEqual(['initial-review', 'joint-review']);
    expect(c.s.countersign).toMatchObject({ stepId: 'joint-review', votes: { pollution: expect.objectContaining({ vote: 'approve' }) } });
    expect(c.openTasks().every((t) => t.stepId === 'joint-review')).toBe(true);
    c.complete('legal', 'return');
    expect(c.s.currentStepId).toBe('initial-review');
    expect(c.task('eia').round).toBe(2);
  });

  it('migrates a sequential countersign onto a new order, keeping the votes cast', () => {
    const c = inCountersign(countersignDef({ type: 'sequential' }));
    c.complete('pollution', 'approve');
    const v2 = countersignDef({ type: 'sequential' }, ['legal', 'pollution', 'monitoring'], false, 2);
    c.run({ type: 'Migrate', actor: ADMIN, toDefinition: v2, stepMapping: {} });
    expect(c.openTasks().map((t) => t.signer)).toEqual(['legal']);
    expect(c.eventsOf('TaskCancelled')).toEqual([expect.objectContaining({ reason: 'migrated' })]);
    c.complete('legal', 'approve');
    expect(c.openTasks().map((t) => t.signer)).toEqual(['monitoring']);
  });

  it('keeps an open task when the step maps onto a task of the same department', () => {
    const c = CaseHarness.started(countersignDef({ type: 'all' }));
    const taskId = c.task('eia').id;
    c.run({ type: 'ClaimTask', actor: head('eia'), taskId });
    c.run({ type: 'Migrate', actor: ADMIN, toDefinition: renamedV2(), stepMapping: { review: 'initial-review' } });
    expect(c.task('eia')).toMatchObject({ id: taskId, stepId: 'initial-review', assignee: 'eia-head' });
  });

  it('reopens the work when the mapped task belongs to another department', () => {
    const c = CaseHarness.started(countersignDef({ type: 'all' }));
    const old = c.task('eia').id;
    const v2 = countersignDef({ type: 'all' }, undefined, false, 2);
    v2.steps[0] = { id: 'review', kind: 'task', taskKind: 'review', dept: 'pollution', outcomes: { approve: 'cs', reject: 'denied' } };
    c.run({ type: 'Migrate', actor: ADMIN, toDefinition: v2, stepMapping: {} });
    expect(c.s.tasks.find((t) => t.id === old)?.status).toBe('cancelled');
    expect(c.task('pollution')).toMatchObject({ stepId: 'review', round: 2 });
  });

  it('keeps a wait step whose timer is the same: its timer stays valid, nothing restarts', () => {
    const c = CaseHarness.started(EIA_APPROVAL, { eiaCategory: 'report_book' });
    c.complete('eia', 'approve');
    c.complete('eia', 'approve');
    const v3: WorkflowDefinition = { ...EIA_APPROVAL, version: 3 };
    expect(types(c.run({ type: 'Migrate', actor: ADMIN, toDefinition: v3, stepMapping: {} }))).toEqual(['CaseMigrated']);
    c.run({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'acceptance-notice', round: 1 });
    expect(c.s.currentStepId).toBe('countersign');
  });

  it('restarts a wait step whose timer changed on the new definition; the old timer becomes stale', () => {
    const c = CaseHarness.started(EIA_APPROVAL, { eiaCategory: 'report_book' });
    c.complete('eia', 'approve');
    c.complete('eia', 'approve');
    const v2: WorkflowDefinition = {
      ...EIA_APPROVAL,
      version: 3,
      steps: EIA_APPROVAL.steps.map((s) => (s.id === 'acceptance-notice' ? { ...s, days: 12 } : s)),
    };
    c.run({ type: 'Migrate', actor: ADMIN, toDefinition: v2, stepMapping: {} });
    expect(c.eventsOf('WaitStarted').map((e) => e.round)).toEqual([1, 2]);
    expect(c.reject({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'acceptance-notice', round: 1 }).code).toBe('INVALID_TRANSITION');
    c.run({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'acceptance-notice', round: 2 });
    expect(c.s.currentStepId).toBe('countersign');
  });

  it('is replayed exactly, switching definitions at the migration', () => {
    const c = inCountersign(countersignDef({ type: 'all' }));
    c.complete('pollution', 'approve');
    c.run({ type: 'Migrate', actor: ADMIN, toDefinition: renamedV2(), stepMapping: { cs: 'joint-review', review: 'initial-review' } });
    c.complete('legal', 'approve');
    c.complete('monitoring', 'approve');
    expect(replay(c.startDef, c.history)).toEqual(c.s);
  });

  it('refuses an unmapped current step, unknown steps in the mapping, invalid definitions and non-admins', () => {
    const c = inCountersign(countersignDef({ type: 'all' }));
    const v2 = renamedV2();
    expect(c.reject({ type: 'Migrate', actor: ADMIN, toDefinition: v2, stepMapping: {} })).toBeInstanceOf(InvalidCommand);
    expect(c.reject({ type: 'Migrate', actor: ADMIN, toDefinition: v2, stepMapping: { cs: 'nowhere' } })).toBeInstanceOf(InvalidCommand);
    expect(c.reject({ type: 'Migrate', actor: ADMIN, toDefinition: v2, stepMapping: { ghost: 'joint-review' } })).toBeInstanceOf(InvalidCommand);
    expect(c.reject({ type: 'Migrate', actor: ADMIN, toDefinition: { ...v2, start: 'x' }, stepMapping: { cs: 'joint-review' } })).toBeInstanceOf(
      InvalidDefinition,
    );
    expect(c.reject({ type: 'Migrate', actor: head('eia'), toDefinition: v2, stepMapping: { cs: 'joint-review' } })).toBeInstanceOf(NotYourTask);
  });
});
