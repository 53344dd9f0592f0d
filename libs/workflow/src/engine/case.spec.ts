// Case-level behaviour: start, withdraw, suspend/resume, timers and jobs, idempotency, purity.
import { ACCEPTANCE, DISCHARGE_PERMIT, EIA_APPROVAL } from '../definitions';
import type { Command } from './commands';
import { decide } from './decide';
import type { WorkflowDefinition } from './definition';
import { DefinitionMismatch, IdempotencyConflict, InvalidCommand, InvalidDefinition, InvalidTransition, NotYourTask } from './errors';
import { ADMIN, APPLICANT, CaseHarness, countersignDef, head, officer, RUNTIME, T0, types } from './testing/harness';

const systemDef = (onFailure?: string): WorkflowDefinition => ({
  key: 'sys',
  version: 1,
  start: 'job',
  steps: [
    { id: 'job', kind: 'system', job: 'do.it', next: 'done', ...(onFailure ? { onFailure } : {}) },
    { id: 'done', kind: 'end', result: 'approved' },
    ...(onFailure ? [{ id: onFailure, kind: 'end' as const, result: 'denied' as const }] : []),
  ],
});

describe('Start', () => {
  it('creates the state and enters the start step', () => {
    const c = new CaseHarness(EIA_APPROVAL);
    const events = c.run({ type: 'Start', actor: APPLICANT, instanceId: 'case-9', data: { eiaCategory: 'report_book' } });
    expect(types(events)).toEqual(['CaseStarted', 'StepEntered', 'TaskOpened']);
    expect(c.s).toMatchObject({
      id: 'case-9',
      definitionKey: 'eia_approval',
      definitionVersion: 2,
      status: 'running',
      currentStepId: 'review',
      seq: 1,
      startedAt: T0.toISOString(),
      stack: ['review'],
      rounds: { review: 1 },
    });
    expect(events.every((e) => e.seq === 1 && e.at === T0.toISOString())).toBe(true);
  });

  it('routes through a gateway at once', () => {
    const registration = CaseHarness.started(DISCHARGE_PERMIT, { managementCategory: 'registration' });
    expect(registration.s.currentStepId).toBe('issue-registration');
    const key = CaseHarness.started(DISCHARGE_PERMIT, { managementCategory: 'key' });
    expect(key.s.currentStepId).toBe('review');
  });

  it('refuses a second start, an invalid definition and a missing instance id', () => {
    const c = CaseHarness.started(ACCEPTANCE);
    expect(c.reject({ type: 'Start', actor: APPLICANT, instanceId: 'case-1' })).toBeInstanceOf(InvalidTransition);
    const broken = { ...ACCEPTANCE, start: 'nowhere' };
    expect(() => decide(broken, undefined, { type: 'Start', actor: APPLICANT, instanceId: 'x' }, T0, () => 'id')).toThrow(InvalidDefinition);
    expect(() => decide(ACCEPTANCE, undefined, { type: 'Start', actor: APPLICANT, instanceId: '' }, T0, () => 'id')).toThrow(InvalidCommand);
  });

  it('refuses other commands before the start', () => {
    expect(() => decide(ACCEPTANCE, undefined, { type: 'Withdraw', actor: APPLICANT }, T0, () => 'id')).toThrow(InvalidTransition);
  });

  it('refuses a definition other than the one the case runs on', () => {
    const c = CaseHarness.started(ACCEPTANCE);
    expect(() => decide(EIA_APPROVAL, c.s, { type: 'Withdraw', actor: APPLICANT }, T0, () => 'id')).toThrow(DefinitionMismatch);
  });
});

describe('Withdraw', () => {
  it('ends the case as withdrawn and cancels its open tasks, even inside a countersign', () => {
    const c = CaseHarness.started(countersignDef({ type: 'all' }));
    c.complete('eia', 'approve');
    const events = c.run({ type: 'Withdraw', actor: APPLICANT, reason: 'project cancelled' });
    expect(types(events)).toEqual(['TaskCancelled', 'TaskCancelled', 'TaskCancelled', 'StepLeft', 'CaseCompleted']);
    expect(c.s).toMatchObject({ status: 'completed', result: 'withdrawn', countersign: null });
    expect(c.openTasks()).toEqual([]);
  });

  it('answers InvalidTransition after the end', () => {
    const c = CaseHarness.started(ACCEPTANCE);
    c.complete('window', 'accept');
    const error = c.reject({ type: 'Withdraw', actor: APPLICANT });
    expect(error).toBeInstanceOf(InvalidTransition);
  });

  it('answers InvalidTransition once the decision was taken, while the certificate is being issued', () => {
    const e = CaseHarness.started(EIA_APPROVAL, { eiaCategory: 'report_book' });
    e.complete('eia', 'approve');
    e.complete('eia', 'approve');
    e.run({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'acceptance-notice' });
    e.complete('pollution', 'approve');
    e.complete('monitoring', 'approve');
    e.complete('legal', 'approve');
    e.run({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'intended-approval-notice' });
    e.complete('approval', 'approve');
    expect(e.s.currentStepId).toBe('issue-certificate');
    expect(e.reject({ type: 'Withdraw', actor: APPLICANT })).toBeInstanceOf(InvalidTransition);
  });

  it('is still possible when the decision was returned for rework', () => {
    const c = CaseHarness.started(countersignDef({ type: 'any' }));
    c.complete('eia', 'approve');
    c.complete('legal', 'approve');
    c.complete('approval', 'return');
    c.run({ type: 'Withdraw', actor: APPLICANT });
    expect(c.s.result).toBe('withdrawn');
  });

  it('is for the applicant only', () => {
    const c = CaseHarness.started(ACCEPTANCE);
    expect(c.reject({ type: 'Withdraw', actor: officer('window') })).toBeInstanceOf(NotYourTask);
  });
});

describe('a completed case', () => {
  it('accepts no further command', () => {
    const c = CaseHarness.started(countersignDef({ type: 'all' }));
    const reviewTask = c.task('eia').id;
    c.run({ type: 'Withdraw', actor: APPLICANT });
    const commands: Command[] = [
      { type: 'CompleteTask', actor: officer('eia'), taskId: reviewTask, outcome: 'approve' },
      { type: 'ClaimTask', actor: officer('eia'), taskId: reviewTask },
      { type: 'AddSigners', actor: ADMIN, signers: ['radiation'] },
      { type: 'SuspendCase', actor: ADMIN },
      { type: 'ResumeCase', actor: ADMIN },
      { type: 'WaitElapsed', actor: RUNTIME, stepId: 'review' },
      { type: 'Migrate', actor: ADMIN, toDefinition: countersignDef({ type: 'any' }, undefined, false, 2), stepMapping: {} },
    ];
    for (const command of commands) expect(c.reject(command)).toBeInstanceOf(InvalidTransition);
  });
});

describe('SuspendCase and ResumeCase', () => {
  it('freezes the tasks while suspended', () => {
    const c = CaseHarness.started(countersignDef({ type: 'all' }));
    expect(types(c.run({ type: 'SuspendCase', actor: ADMIN, reason: 'integrity check' }))).toEqual(['CaseSuspended']);
    expect(c.s.status).toBe('suspended');
    expect(c.reject({ type: 'CompleteTask', actor: officer('eia'), taskId: c.task('eia').id, outcome: 'approve' })).toBeInstanceOf(InvalidTransition);
    expect(c.reject({ type: 'SuspendCase', actor: ADMIN })).toBeInstanceOf(InvalidTransition);
    expect(types(c.run({ type: 'ResumeCase', actor: ADMIN }))).toEqual(['CaseResumed']);
    c.complete('eia', 'approve');
    expect(c.s.currentStepId).toBe('cs');
  });

  it('is for admins only', () => {
    const c = CaseHarness.started(ACCEPTANCE);
    expect(c.reject({ type: 'SuspendCase', actor: head('window') })).toBeInstanceOf(NotYourTask);
    expect(c.reject({ type: 'ResumeCase', actor: ADMIN })).toBeInstanceOf(InvalidTransition);
  });

  it('keeps a timer that fires while suspended and applies it on resume', () => {
    const c = CaseHarness.started(EIA_APPROVAL, { eiaCategory: 'report_book' });
    c.complete('eia', 'approve');
    c.complete('eia', 'approve');
    c.run({ type: 'SuspendCase', actor: ADMIN });
    expect(types(c.run({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'acceptance-notice', round: 1 }))).toEqual(['SignalDeferred']);
    expect(c.s.currentStepId).toBe('acceptance-notice');
    expect(c.s.deferred).toHaveLength(1);
    const events = c.run({ type: 'ResumeCase', actor: ADMIN });
    expect(types(events).slice(0, 3)).toEqual(['CaseResumed', 'StepLeft', 'StepEntered']);
    expect(c.s).toMatchObject({ currentStepId: 'countersign', deferred: [] });
  });

  it('refuses a stale timer even while suspended', () => {
    const c = CaseHarness.started(EIA_APPROVAL, { eiaCategory: 'report_book' });
    c.run({ type: 'SuspendCase', actor: ADMIN });
    expect(c.reject({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'acceptance-notice' })).toBeInstanceOf(InvalidTransition);
  });

  it('lets the applicant withdraw a suspended case', () => {
    const c = CaseHarness.started(ACCEPTANCE);
    c.run({ type: 'SuspendCase', actor: ADMIN });
    c.run({ type: 'Withdraw', actor: APPLICANT });
    expect(c.s).toMatchObject({ status: 'completed', result: 'withdrawn' });
  });
});

describe('wait steps', () => {
  it('asks for a timer and advances when it elapsed', () => {
    const c = CaseHarness.started(EIA_APPROVAL, { eiaCategory: 'report_book' });
    c.complete('eia', 'approve');
    const events = c.complete('eia', 'approve');
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'WaitStarted', stepId: 'acceptance-notice', days: 10, unit: 'working', pausesClock: 'public_notice', round: 1 }),
    );
    expect(c.reject({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'intended-approval-notice' })).toBeInstanceOf(InvalidTransition);
    expect(c.reject({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'acceptance-notice', round: 2 })).toBeInstanceOf(InvalidTransition);
    const elapsed = c.run({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'acceptance-notice', round: 1 });
    expect(elapsed[0]).toMatchObject({ type: 'StepLeft', stepId: 'acceptance-notice', pausesClock: 'public_notice' });
    expect(c.s.currentStepId).toBe('countersign');
  });

  it('refuses a timer when the case is not waiting', () => {
    const c = CaseHarness.started(EIA_APPROVAL, { eiaCategory: 'report_book' });
    expect(c.reject({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'review' })).toBeInstanceOf(InvalidTransition);
  });

  it('ends a registration-form EIA approved at once after review', () => {
    const c = CaseHarness.started(EIA_APPROVAL, { eiaCategory: 'registration' });
    c.complete('eia', 'approve');
    expect(c.s).toMatchObject({ status: 'completed', result: 'approved', currentStepId: 'approved' });
  });
});

describe('system steps', () => {
  it('merges the reply data and goes on', () => {
    const c = CaseHarness.started(systemDef());
    expect(c.eventsOf('SystemStepStarted')).toEqual([expect.objectContaining({ stepId: 'job', job: 'do.it', round: 1 })]);
    const events = c.run({ type: 'SystemReplied', actor: RUNTIME, stepId: 'job', ok: true, data: { permitNo: 'P-1' } });
    expect(types(events)).toEqual(['CaseDataChanged', 'StepLeft', 'StepEntered', 'CaseCompleted']);
    expect(c.s).toMatchObject({ result: 'approved', data: { permitNo: 'P-1' } });
  });

  it('follows onFailure when the job failed', () => {
    const c = CaseHarness.started(systemDef('failed'));
    c.run({ type: 'SystemReplied', actor: RUNTIME, stepId: 'job', ok: false });
    expect(c.s.result).toBe('denied');
  });

  it('stays in the step when the job failed and there is no onFailure, and accepts a later success', () => {
    const c = CaseHarness.started(systemDef());
    expect(types(c.run({ type: 'SystemReplied', actor: RUNTIME, stepId: 'job', ok: false, data: { error: 'down' } }))).toEqual(['SystemStepFailed']);
    expect(c.s).toMatchObject({ status: 'running', currentStepId: 'job', data: {} });
    c.run({ type: 'SystemReplied', actor: RUNTIME, stepId: 'job', ok: true });
    expect(c.s.result).toBe('approved');
  });

  it('refuses a WaitElapsed for a system step', () => {
    const c = CaseHarness.started(systemDef());
    expect(c.reject({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'job' })).toBeInstanceOf(InvalidTransition);
  });
});

describe('idempotency and seq', () => {
  it('applies a command once per idempotency key', () => {
    const c = CaseHarness.started(countersignDef({ type: 'all' }));
    const command: Command = { type: 'CompleteTask', actor: officer('eia'), taskId: c.task('eia').id, outcome: 'approve', idempotencyKey: 'k1' };
    c.run(command);
    const after = c.s;
    expect(c.run({ ...command })).toEqual([]);
    expect(c.s).toBe(after);
  });

  it('answers IdempotencyConflict for the same key with another command', () => {
    const c = CaseHarness.started(countersignDef({ type: 'all' }));
    const taskId = c.task('eia').id;
    c.run({ type: 'ClaimTask', actor: officer('eia'), taskId, idempotencyKey: 'k1' });
    const error = c.reject({ type: 'UnclaimTask', actor: officer('eia'), taskId, idempotencyKey: 'k1' });
    expect(error).toBeInstanceOf(IdempotencyConflict);
    expect(error.code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('answers a retried command with its key as a no-op even after the case completed', () => {
    const c = CaseHarness.started(ACCEPTANCE);
    const command: Command = { type: 'CompleteTask', actor: officer('window'), taskId: c.task('window').id, outcome: 'accept', idempotencyKey: 'k' };
    c.run(command);
    expect(c.run(command)).toEqual([]);
  });

  it('increases seq by one per applied command', () => {
    const c = CaseHarness.started(countersignDef({ type: 'all' }));
    expect(c.s.seq).toBe(1);
    c.complete('eia', 'approve');
    expect(c.s.seq).toBe(2);
    c.reject({ type: 'CompleteTask', actor: officer('eia'), taskId: 'x', outcome: 'approve' });
    expect(c.s.seq).toBe(2);
  });
});

describe('decide', () => {
  it('never modifies the state it is given', () => {
    const c = CaseHarness.started(countersignDef({ type: 'all' }));
    const before = c.s;
    const frozen = JSON.stringify(before);
    let n = 0;
    decide(c.def, before, { type: 'CompleteTask', actor: officer('eia'), taskId: c.task('eia').id, outcome: 'approve' }, T0, () => `n${n++}`);
    expect(JSON.stringify(before)).toBe(frozen);
  });

  it('produces JSON-safe state', () => {
    const c = CaseHarness.started(countersignDef({ type: 'sequential' }));
    c.complete('eia', 'approve');
    expect(JSON.parse(JSON.stringify(c.s))).toEqual(c.s);
  });

  it('refuses an invalid instant', () => {
    const c = CaseHarness.started(ACCEPTANCE);
    expect(() => decide(ACCEPTANCE, c.s, { type: 'Withdraw', actor: APPLICANT }, new Date('nope'), () => 'x')).toThrow(InvalidCommand);
  });

  it('refuses an ids() that repeats a task id', () => {
    const c = CaseHarness.started(countersignDef({ type: 'all' }));
    const taskId = c.task('eia').id;
    expect(() => decide(c.def, c.s, { type: 'CompleteTask', actor: officer('eia'), taskId, outcome: 'approve' }, T0, () => taskId)).toThrow(InvalidCommand);
  });
});
