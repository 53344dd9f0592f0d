// Countersign steps through `decide`: policies, veto, 加签/减签 (parallel and sequential).
import type { CountersignPolicy, SignerRef } from './definition';
import { InvalidCommand, InvalidTransition, NotYourTask } from './errors';
import { ADMIN, CaseHarness, countersignDef, head, officer, types } from './testing/harness';

/** A case sitting in the countersign step of `countersignDef`. */
function inCountersign(policy: CountersignPolicy, signers?: SignerRef[], veto = false): CaseHarness {
  const c = CaseHarness.started(countersignDef(policy, signers, veto));
  c.complete('eia', 'approve');
  expect(c.s.currentStepId).toBe('cs');
  return c;
}

const openSigners = (c: CaseHarness) => c.openTasks().map((t) => t.signer);

describe('countersign: all', () => {
  it('opens one task per signer and approves once every signer approved', () => {
    const c = inCountersign({ type: 'all' });
    expect(openSigners(c)).toEqual(['pollution', 'monitoring', 'legal']);
    expect(c.openTasks().every((t) => t.kind === 'countersign' && t.round === 1)).toBe(true);
    c.complete('pollution', 'approve');
    c.complete('legal', 'approve');
    expect(c.s.currentStepId).toBe('cs');
    c.complete('monitoring', 'approve');
    expect(c.s.currentStepId).toBe('decision');
    expect(c.s.countersign).toBeNull();
    expect(c.eventsOf('CountersignDecided')).toEqual([
      expect.objectContaining({ outcome: 'approve', votes: { pollution: 'approve', monitoring: 'approve', legal: 'approve' } }),
    ]);
  });

  it('without veto, hears everyone after a rejection, then takes the rejected path', () => {
    const c = inCountersign({ type: 'all' });
    c.complete('pollution', 'reject');
    expect(openSigners(c)).toEqual(['monitoring', 'legal']);
    c.complete('monitoring', 'approve');
    c.complete('legal', 'approve');
    expect(c.s).toMatchObject({ status: 'completed', result: 'denied' });
  });

  it('with veto, one rejection ends the step as rejected and cancels the other tasks', () => {
    const c = inCountersign({ type: 'all' }, undefined, true);
    const events = c.complete('monitoring', 'reject');
    expect(types(events)).toEqual(['TaskCompleted', 'CountersignDecided', 'TaskCancelled', 'TaskCancelled', 'StepLeft', 'StepEntered', 'CaseCompleted']);
    expect(c.s.result).toBe('denied');
    expect(c.s.tasks.filter((t) => t.status === 'cancelled').map((t) => t.signer)).toEqual(['pollution', 'legal']);
  });
});

describe('countersign: any', () => {
  it('approves at the first approval and cancels the others', () => {
    const c = inCountersign({ type: 'any' });
    c.complete('pollution', 'reject');
    c.complete('legal', 'approve');
    expect(c.s.currentStepId).toBe('decision');
    expect(c.s.tasks.find((t) => t.signer === 'monitoring')?.status).toBe('cancelled');
  });

  it('takes the rejected path when everyone voted no', () => {
    const c = inCountersign({ type: 'any' });
    c.complete('pollution', 'reject');
    c.complete('monitoring', 'reject');
    expect(c.s.currentStepId).toBe('cs');
    c.complete('legal', 'reject');
    expect(c.s).toMatchObject({ status: 'completed', result: 'denied' });
    expect(c.eventsOf('CountersignDecided')[0]).toMatchObject({ outcome: 'reject' });
  });
});

describe('countersign: quorum', () => {
  it('approves when n approvals are in, before the last signer voted', () => {
    const c = inCountersign({ type: 'quorum', n: 2 });
    c.complete('pollution', 'approve');
    c.complete('legal', 'approve');
    expect(c.s.currentStepId).toBe('decision');
  });

  it('rejects as soon as the quorum cannot be reached', () => {
    const c = inCountersign({ type: 'quorum', n: 2 });
    c.complete('pollution', 'reject');
    expect(c.s.currentStepId).toBe('cs');
    c.complete('legal', 'reject');
    expect(c.s.result).toBe('denied');
  });

  it('takes the rejected path when everyone voted no, even with the smallest ratio', () => {
    const c = inCountersign({ type: 'quorum', ratio: 0.01 });
    c.complete('pollution', 'reject');
    c.complete('monitoring', 'reject');
    c.complete('legal', 'reject');
    expect(c.s.result).toBe('denied');
  });
});

describe('countersign: sequential', () => {
  it('asks one signer at a time, in order', () => {
    const c = inCountersign({ type: 'sequential' });
    expect(openSigners(c)).toEqual(['pollution']);
    c.complete('pollution', 'approve');
    expect(openSigners(c)).toEqual(['monitoring']);
    c.complete('monitoring', 'approve');
    c.complete('legal', 'approve');
    expect(c.s.currentStepId).toBe('decision');
  });

  it('with veto stops at the first rejection', () => {
    const c = inCountersign({ type: 'sequential' }, undefined, true);
    c.complete('pollution', 'reject');
    expect(c.s.result).toBe('denied');
    expect(c.s.tasks.filter((t) => t.signer === 'monitoring')).toEqual([]);
  });

  it('supports named users as signers', () => {
    const c = inCountersign({ type: 'sequential' }, [{ user: 'director-wu', dept: 'legal' }, 'monitoring']);
    expect(c.openTasks()).toEqual([expect.objectContaining({ signer: 'user:director-wu', dept: 'legal', assignee: 'director-wu' })]);
    expect(c.reject({ type: 'CompleteTask', actor: officer('legal'), taskId: c.openTasks()[0].id, outcome: 'approve' })).toBeInstanceOf(NotYourTask);
    c.run({ type: 'CompleteTask', actor: officer('legal', 'director-wu'), taskId: c.openTasks()[0].id, outcome: 'approve' });
    expect(openSigners(c)).toEqual(['monitoring']);
  });
});

describe('AddSigners (加签)', () => {
  it('opens a task for the new signer at once in a parallel countersign', () => {
    const c = inCountersign({ type: 'all' }, ['pollution']);
    const events = c.run({ type: 'AddSigners', actor: head('eia'), signers: ['enforcement'] });
    expect(types(events)).toEqual(['CountersignSignersChanged', 'TaskOpened']);
    c.complete('pollution', 'approve');
    expect(c.s.currentStepId).toBe('cs'); // the added signer must still approve
    c.complete('enforcement', 'approve');
    expect(c.s.currentStepId).toBe('decision');
  });

  it('appends to a sequential countersign without opening a parallel task, and waits for the added signer', () => {
    const c = inCountersign({ type: 'sequential' }, ['pollution', 'monitoring']);
    c.complete('pollution', 'approve');
    const events = c.run({ type: 'AddSigners', actor: head('eia'), signers: ['enforcement'] });
    expect(types(events)).toEqual(['CountersignSignersChanged']);
    expect(openSigners(c)).toEqual(['monitoring']);
    expect(c.s.countersign?.signers).toEqual(['pollution', 'monitoring', 'enforcement']);
    c.complete('monitoring', 'approve');
    expect(c.s.currentStepId).toBe('cs');
    expect(openSigners(c)).toEqual(['enforcement']);
    c.complete('enforcement', 'approve');
    expect(c.s.currentStepId).toBe('decision');
  });

  it('refuses signers already present, unknown departments, empty lists and non-heads', () => {
    const c = inCountersign({ type: 'all' });
    expect(c.reject({ type: 'AddSigners', actor: head('eia'), signers: ['legal'] })).toBeInstanceOf(InvalidTransition);
    expect(c.reject({ type: 'AddSigners', actor: head('eia'), signers: ['forestry' as never] })).toBeInstanceOf(InvalidCommand);
    expect(c.reject({ type: 'AddSigners', actor: head('eia'), signers: [] })).toBeInstanceOf(InvalidCommand);
    expect(c.reject({ type: 'AddSigners', actor: head('eia'), signers: ['radiation', 'radiation'] })).toBeInstanceOf(InvalidCommand);
    expect(c.reject({ type: 'AddSigners', actor: officer('eia'), signers: ['radiation'] })).toBeInstanceOf(NotYourTask);
  });

  it('refuses when the case is not in a countersign', () => {
    const c = CaseHarness.started(countersignDef({ type: 'all' }));
    expect(c.reject({ type: 'AddSigners', actor: ADMIN, signers: ['radiation'] })).toBeInstanceOf(InvalidTransition);
  });
});

describe('RemoveSigners (减签)', () => {
  it('completes a quorum when removing the outstanding signers brings the ratio within reach', () => {
    const c = inCountersign({ type: 'quorum', ratio: 0.5 }, ['pollution', 'monitoring', 'legal', 'enforcement']);
    c.complete('pollution', 'approve');
    c.complete('legal', 'reject');
    expect(c.s.currentStepId).toBe('cs'); // 1 of 2 required
    const events = c.run({ type: 'RemoveSigners', actor: head('eia'), signers: ['monitoring', 'enforcement'] });
    expect(types(events)).toEqual([
      'CountersignSignersChanged',
      'TaskCancelled',
      'TaskCancelled',
      'CountersignDecided',
      'StepLeft',
      'StepEntered',
      'TaskOpened',
    ]);
    expect(c.eventsOf('TaskCancelled').map((e) => e.reason)).toEqual(['signer_removed', 'signer_removed']);
    expect(c.s.currentStepId).toBe('decision'); // 1 of ceil(0.5 × 2) = 1
  });

  it('completes an all-countersign when the last outstanding signer is removed', () => {
    const c = inCountersign({ type: 'all' });
    c.complete('pollution', 'approve');
    c.complete('monitoring', 'approve');
    c.run({ type: 'RemoveSigners', actor: head('eia'), signers: ['legal'] });
    expect(c.s.currentStepId).toBe('decision');
    expect(c.s.tasks.find((t) => t.signer === 'legal')?.status).toBe('cancelled');
  });

  it('refuses a removal that would leave fewer signers than a fixed quorum', () => {
    const c = inCountersign({ type: 'quorum', n: 2 });
    expect(c.reject({ type: 'RemoveSigners', actor: head('eia'), signers: ['legal', 'monitoring'] })).toBeInstanceOf(InvalidTransition);
  });

  it('never removes a signer who already voted: the vote stays on the record', () => {
    const c = inCountersign({ type: 'any' });
    c.complete('pollution', 'reject');
    const error = c.reject({ type: 'RemoveSigners', actor: head('eia'), signers: ['pollution'] });
    expect(error).toBeInstanceOf(InvalidTransition);
    expect(error.message).toMatch(/already voted: pollution/);
  });

  it('refuses to remove every signer, or one that is not a signer', () => {
    const c = inCountersign({ type: 'all' }, ['pollution']);
    expect(c.reject({ type: 'RemoveSigners', actor: head('eia'), signers: ['pollution'] })).toBeInstanceOf(InvalidTransition);
    expect(c.reject({ type: 'RemoveSigners', actor: head('eia'), signers: ['radiation'] })).toBeInstanceOf(InvalidTransition);
  });

  it('moves a sequential countersign on when the current signer is removed', () => {
    const c = inCountersign({ type: 'sequential' });
    c.complete('pollution', 'approve');
    const monitoring = c.task('monitoring').id;
    c.run({ type: 'RemoveSigners', actor: ADMIN, signers: ['monitoring'] });
    expect(c.s.tasks.find((t) => t.id === monitoring)?.status).toBe('cancelled');
    expect(openSigners(c)).toEqual(['legal']);
  });

  it('decides a rejection when removal leaves only no votes under any', () => {
    const c = inCountersign({ type: 'any' });
    c.complete('pollution', 'reject');
    c.run({ type: 'RemoveSigners', actor: head('eia'), signers: ['monitoring', 'legal'] });
    expect(c.s.result).toBe('denied');
  });
});
