import { CaseHarness, head, officer, RUNTIME } from '../engine/testing/harness';
import { NotYourTask } from '../engine/errors';
import { SUPERVISION_CHECK, SUPERVISION_CHECK_V2, SUPERVISION_PENALTY_V2 } from './supervision';

const inspector = (id: string) => officer('enforcement', id);
const drawn = { inspectors: ['insp-a', 'insp-b'] };

function inspectionOf(c: CaseHarness, id: string) {
  return c.openTasks().find((t) => t.assignee === id)!;
}

describe('SUPERVISION_CHECK v2 (inspections by name)', () => {
  it('opens one inspection task per drawn inspector, held by name', () => {
    const c = CaseHarness.started(SUPERVISION_CHECK_V2, drawn);
    expect(c.openTasks().map((t) => ({ kind: t.kind, assignee: t.assignee, dept: t.dept }))).toEqual([
      { kind: 'inspection', assignee: 'insp-a', dept: 'enforcement' },
      { kind: 'inspection', assignee: 'insp-b', dept: 'enforcement' },
    ]);
  });

  it('stays open when one inspector alone has recorded', () => {
    const c = CaseHarness.started(SUPERVISION_CHECK_V2, drawn);
    c.run({ type: 'CompleteTask', actor: inspector('insp-a'), taskId: inspectionOf(c, 'insp-a').id, outcome: 'approve' });
    expect(c.s.status).toBe('running');
    expect(c.s.currentStepId).toBe('inspection');
  });

  it.each([
    ['approve', 'compliant', 'approved'],
    ['reject', 'violation', 'denied'],
  ] as const)('closes as %s → %s when every inspector agrees', (outcome, step, result) => {
    const c = CaseHarness.started(SUPERVISION_CHECK_V2, drawn);
    for (const id of drawn.inspectors) c.run({ type: 'CompleteTask', actor: inspector(id), taskId: inspectionOf(c, id).id, outcome, comment: 'findings' });
    expect(c.s).toMatchObject({ status: 'completed', result, currentStepId: step });
  });

  it('goes to a review by enforcement when the inspectors disagree', () => {
    const c = CaseHarness.started(SUPERVISION_CHECK_V2, drawn);
    c.run({ type: 'CompleteTask', actor: inspector('insp-a'), taskId: inspectionOf(c, 'insp-a').id, outcome: 'approve' });
    c.run({ type: 'CompleteTask', actor: inspector('insp-b'), taskId: inspectionOf(c, 'insp-b').id, outcome: 'reject', comment: 'COD over the limit' });
    expect(c.s.currentStepId).toBe('review');
    expect(c.openTasks()).toEqual([expect.objectContaining({ kind: 'review', dept: 'enforcement', assignee: null })]);
    c.run({ type: 'CompleteTask', actor: head('enforcement'), taskId: c.openTasks()[0].id, outcome: 'reject', comment: 'violation stands' });
    expect(c.s).toMatchObject({ status: 'completed', result: 'denied' });
  });

  it('refuses claim, unclaim, delegation, transfer and signer changes on an inspection, by anyone (403)', () => {
    const c = CaseHarness.started(SUPERVISION_CHECK_V2, drawn);
    const task = inspectionOf(c, 'insp-a');
    for (const actor of [officer('enforcement', 'outsider'), head('enforcement'), inspector('insp-a'), { id: 'admin-1', roles: ['admin' as const] }]) {
      expect(c.reject({ type: 'ClaimTask', actor, taskId: task.id })).toBeInstanceOf(NotYourTask);
      expect(c.reject({ type: 'UnclaimTask', actor, taskId: task.id })).toBeInstanceOf(NotYourTask);
      expect(c.reject({ type: 'DelegateTask', actor, taskId: task.id, toUserId: 'outsider' })).toBeInstanceOf(NotYourTask);
      expect(c.reject({ type: 'TransferTask', actor, taskId: task.id, toUserId: 'outsider' })).toBeInstanceOf(NotYourTask);
    }
    expect(c.reject({ type: 'AddSigners', actor: head('enforcement'), signers: [{ user: 'outsider', dept: 'enforcement' }] })).toBeInstanceOf(NotYourTask);
    expect(c.reject({ type: 'RemoveSigners', actor: head('enforcement'), signers: [{ user: 'insp-b', dept: 'enforcement' }] })).toBeInstanceOf(NotYourTask);
  });

  it("lets nobody but the named inspector record that inspector's result", () => {
    const c = CaseHarness.started(SUPERVISION_CHECK_V2, drawn);
    const task = inspectionOf(c, 'insp-a');
    expect(c.reject({ type: 'CompleteTask', actor: inspector('insp-b'), taskId: task.id, outcome: 'approve' })).toBeInstanceOf(NotYourTask);
    expect(c.reject({ type: 'CompleteTask', actor: head('enforcement'), taskId: task.id, outcome: 'approve' })).toBeInstanceOf(NotYourTask);
  });

  it('moves an open v1 check onto v2: one task per inspector instead of the pool task', () => {
    const c = CaseHarness.started(SUPERVISION_CHECK, drawn);
    expect(c.openTasks()).toEqual([expect.objectContaining({ kind: 'inspection', assignee: null })]);
    c.run({ type: 'Migrate', actor: { id: 'system', roles: ['admin'] }, toDefinition: SUPERVISION_CHECK_V2, stepMapping: {} });
    expect(c.openTasks().map((t) => t.assignee)).toEqual(['insp-a', 'insp-b']);
  });
});

describe('SUPERVISION_PENALTY v2', () => {
  const legalApproves = (c: CaseHarness) => c.complete('legal', 'approve');

  it('waits 3 working days for statements, then goes to collective review', () => {
    const c = CaseHarness.started(SUPERVISION_PENALTY_V2, {});
    legalApproves(c);
    expect(c.s.currentStepId).toBe('statement_period');
    expect(c.eventsOf('WaitStarted').at(-1)).toMatchObject({ stepId: 'statement_period', days: 3, unit: 'working' });
    c.run({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'statement_period' });
    expect(c.s.currentStepId).toBe('collective_review');
  });

  it('gives a large fine 5 working days to ask for a hearing; without a request it goes on to collective review', () => {
    const c = CaseHarness.started(SUPERVISION_PENALTY_V2, { hearingEligible: true });
    legalApproves(c);
    expect(c.eventsOf('WaitStarted').at(-1)).toMatchObject({ stepId: 'hearing_period', days: 5, unit: 'working' });
    c.run({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'hearing_period' });
    expect(c.s.currentStepId).toBe('collective_review');
  });

  it('holds the hearing when asked for, and only then the collective review', () => {
    const c = CaseHarness.started(SUPERVISION_PENALTY_V2, { hearingEligible: true, hearingRequested: true });
    legalApproves(c);
    c.run({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'hearing_period' });
    expect(c.s.currentStepId).toBe('hearing');
    expect(c.openTasks()).toEqual([expect.objectContaining({ kind: 'hearing', dept: 'legal' })]);
    c.complete('legal', 'approve');
    expect(c.s.currentStepId).toBe('collective_review');
  });

  it('needs two approvals in collective review before the decision', () => {
    const c = CaseHarness.started(SUPERVISION_PENALTY_V2, {});
    legalApproves(c);
    c.run({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'statement_period' });
    c.run({ type: 'CompleteTask', actor: head('enforcement'), taskId: c.task('enforcement').id, outcome: 'approve' });
    expect(c.s.currentStepId).toBe('collective_review');
    c.run({ type: 'CompleteTask', actor: head('pollution'), taskId: c.task('pollution').id, outcome: 'approve' });
    expect(c.s.currentStepId).toBe('decision');
    c.run({ type: 'CompleteTask', actor: head('enforcement', 'head-2'), taskId: c.task('enforcement').id, outcome: 'approve' });
    expect(c.s).toMatchObject({ status: 'completed', result: 'approved' });
  });
});
