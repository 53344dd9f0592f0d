import { EIA_APPROVAL } from '../definitions';
import { InvalidCommand } from './errors';
import { replay } from './replay';
import { ADMIN, APPLICANT, CaseHarness, countersignDef, head, officer, RUNTIME } from './testing/harness';

describe('replay', () => {
  it('rebuilds the state of a long case from its history', () => {
    const c = CaseHarness.started(EIA_APPROVAL, { eiaCategory: 'report_book' });
    c.complete('eia', 'approve');
    c.complete('eia', 'approve');
    c.run({ type: 'SuspendCase', actor: ADMIN });
    c.run({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'acceptance-notice' });
    c.run({ type: 'ResumeCase', actor: ADMIN });
    c.run({ type: 'AddSigners', actor: head('eia'), signers: ['enforcement'] });
    c.complete('pollution', 'approve');
    c.run({ type: 'DelegateTask', actor: officer('legal'), taskId: c.task('legal').id, toUserId: 'lawyer' });
    c.run({ type: 'CompleteTask', actor: officer('legal', 'lawyer'), taskId: c.task('legal').id, outcome: 'approve' });
    c.complete('legal', 'return');
    c.complete('eia', 'approve');
    c.run({ type: 'Withdraw', actor: APPLICANT });
    expect(replay(EIA_APPROVAL, c.history)).toEqual(c.s);
  });

  it('refuses a history whose recorded task ids do not match', () => {
    const c = CaseHarness.started(countersignDef({ type: 'all' }));
    c.complete('eia', 'approve');
    const tampered = c.history.map((e, i) => (i === 1 ? { ...e, taskIds: e.taskIds.slice(1) } : e));
    expect(() => replay(c.startDef, tampered)).toThrow(InvalidCommand);
    const padded = c.history.map((e, i) => (i === 1 ? { ...e, taskIds: [...e.taskIds, 'extra'] } : e));
    expect(() => replay(c.startDef, padded)).toThrow(InvalidCommand);
  });

  it('refuses an empty history', () => {
    expect(() => replay(EIA_APPROVAL, [])).toThrow(InvalidCommand);
  });
});
