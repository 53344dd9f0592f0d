import { DEPARTMENTS, LICENSE_TYPES, type Dept, type LicenseType } from '@permits/contracts/enums';
import type { CountersignStep, WorkflowDefinition } from '../engine/definition';
import type { InstanceState } from '../engine/state';
import { CaseHarness, officer, RUNTIME } from '../engine/testing/harness';
import { validateDefinition } from '../engine/validate';
import { ACCEPTANCE, DEFAULT_DEFINITIONS, definitionFor, definitionForCase, EIA_APPROVAL, FILING_REVIEW_DEPTS, findDefinition, SYSTEM_JOBS } from '.';

/** Drives a case forward: every open task approved (or accepted), every timer elapsed, every job done. */
function runToEnd(c: CaseHarness, outcome: 'approve' | 'reject' = 'approve'): InstanceState {
  for (let guard = 0; c.s.status === 'running' && guard < 50; guard++) {
    const step = c.def.steps.find((s) => s.id === c.s.currentStepId)!;
    if (step.kind === 'wait') c.run({ type: 'WaitElapsed', actor: RUNTIME, stepId: step.id });
    else if (step.kind === 'system') c.run({ type: 'SystemReplied', actor: RUNTIME, stepId: step.id, ok: true });
    else {
      const task = c.openTasks()[0];
      const taskOutcome = task.kind === 'acceptance' ? 'accept' : outcome;
      c.run({ type: 'CompleteTask', actor: officer(task.dept, task.assignee ?? undefined), taskId: task.id, outcome: taskOutcome, comment: 'reasons' });
    }
  }
  return c.s;
}

/** Routing facts the definitions' gateways read: none, and each value the catalog or register can give. */
const ROUTINGS: Record<string, unknown>[] = [{}, { eiaCategory: 'report_book' }, { eiaCategory: 'registration' }, { managementCategory: 'key' }, { managementCategory: 'registration' }];

const visited = (c: CaseHarness) => c.eventsOf('StepEntered').map((e) => e.stepId);
const licences = LICENSE_TYPES.filter((t): t is Exclude<LicenseType, 'other'> => t !== 'other');

describe('DEFAULT_DEFINITIONS', () => {
  it.each(DEFAULT_DEFINITIONS.map((d) => [d.key, d] as const))('%s passes validateDefinition', (_key, def) => {
    expect(validateDefinition(def, DEPARTMENTS)).toEqual([]);
  });

  // Each definition on its own (a sum over all of them would let one that never ends pass): every routing the
  // catalog and register can give, every task approved, and every task rejected, ends the case.
  it.each(DEFAULT_DEFINITIONS.flatMap((d) => ROUTINGS.map((data) => [d.key, JSON.stringify(data), d, data] as const)))('%s reaches an end with %s', (_key, _json, def, data) => {
    for (const outcome of ['approve', 'reject'] as const) {
      const c = CaseHarness.started(def, { ...data, inspectors: ['inspector-1', 'inspector-2'] });
      expect(runToEnd(c, outcome).status).toBe('completed');
    }
  });

  it('has one definition per licence type, keyed by it, and none for other', () => {
    for (const type of licences) expect(definitionFor(type)).toMatchObject({ key: type, licenseType: type, version: 1 });
    expect(definitionFor('other')).toBeUndefined();
    expect(definitionForCase('other', { kind: 'new' })).toBeUndefined();
    expect(findDefinition('acceptance', 1)).toBe(ACCEPTANCE);
    expect(findDefinition('acceptance', 2)).toBeUndefined();
  });

  it('is frozen', () => {
    expect(() => {
      (EIA_APPROVAL.steps[0] as { dept: string }).dept = 'legal';
    }).toThrow(TypeError);
  });

  it.each(licences)('%s approves when everyone approves, and ends with the certificate', (type) => {
    const c = CaseHarness.started(definitionFor(type)!, { eiaCategory: 'report_book', managementCategory: 'key' });
    expect(runToEnd(c)).toMatchObject({ status: 'completed', result: 'approved' });
    expect(visited(c).slice(-3)).toEqual(['decision', expect.stringMatching(/^issue-/), 'approved']);
  });

  it.each(licences)('%s is denied when the review rejects', (type) => {
    const c = CaseHarness.started(definitionFor(type)!, { eiaCategory: 'report_book', managementCategory: 'key' });
    expect(runToEnd(c, 'reject')).toMatchObject({ result: 'denied' });
  });

  it.each<[LicenseType, string, Dept[]]>([
    ['eia_approval', 'eia', ['pollution', 'monitoring', 'legal']],
    ['discharge_permit', 'pollution', ['monitoring', 'enforcement']],
    ['hazardous_waste', 'solid_waste', ['pollution', 'enforcement', 'legal']],
    ['radiation_safety', 'radiation', ['monitoring', 'legal']],
    ['weee_processing', 'solid_waste', ['pollution', 'enforcement']],
    ['facility_dismantle', 'pollution', ['enforcement', 'monitoring']],
  ])('%s is reviewed by %s and countersigned by all of %j', (type, reviewDept, signers) => {
    const def = definitionFor(type)!;
    expect(def.steps.find((s) => s.id === 'review')).toMatchObject({ kind: 'task', taskKind: 'review', dept: reviewDept });
    expect(def.steps.find((s) => s.kind === 'countersign')).toMatchObject({ signers, policy: { type: 'all' } });
    expect(def.steps.find((s) => s.id === 'decision')).toMatchObject({ taskKind: 'decision', dept: 'approval' });
  });
});

describe('filing reviews', () => {
  it.each(FILING_REVIEW_DEPTS)('a filing reviewed by %s is filed on approval and refused on rejection, nothing else', (dept) => {
    const def = definitionForCase('other', { kind: 'filing', filingReviewDept: dept })!;
    expect(def.key).toBe(`filing_review.${dept}`);
    const approved = CaseHarness.started(def);
    expect(runToEnd(approved)).toMatchObject({ status: 'completed', result: 'approved' });
    expect(visited(approved)).toEqual(['review', 'approved']);
    expect(approved.eventsOf('TaskOpened').map((e) => e.dept)).toEqual([dept]);
    expect(runToEnd(CaseHarness.started(def), 'reject')).toMatchObject({ result: 'denied' });
  });

  it('has no definition for a filing without a reviewing section: the caller must fail loudly', () => {
    expect(definitionForCase('hazardous_waste', { kind: 'filing' })).toBeUndefined();
    expect(definitionForCase('hazardous_waste', { kind: 'filing', filingReviewDept: 'window' })).toBeUndefined();
    expect(definitionForCase('hazardous_waste', { kind: 'renewal' })).toBe(definitionFor('hazardous_waste'));
  });
});

describe('acceptance', () => {
  it('loops through the supplement until accepted', () => {
    const c = CaseHarness.started(ACCEPTANCE);
    c.complete('window', 'request_correction');
    expect(c.s.currentStepId).toBe('await-supplement');
    expect(c.eventsOf('SystemStepStarted')[0].job).toBe(SYSTEM_JOBS.awaitSupplement);
    c.run({ type: 'SystemReplied', actor: RUNTIME, stepId: 'await-supplement', ok: true });
    c.complete('window', 'accept');
    expect(c.s.result).toBe('accepted');
  });
});

describe('eia_approval', () => {
  it('ends a registration form approved right after the review', () => {
    const c = CaseHarness.started(EIA_APPROVAL, { eiaCategory: 'registration' });
    expect(runToEnd(c).result).toBe('approved');
    expect(visited(c)).toEqual(['review', 'category', 'approved']);
  });

  it('runs assessment, both public notices, a vetoing countersign, decision and certificate otherwise', () => {
    const c = CaseHarness.started(EIA_APPROVAL, { eiaCategory: 'report_table' });
    runToEnd(c);
    expect(visited(c)).toEqual([
      'review',
      'category',
      'technical-assessment',
      'acceptance-notice',
      'countersign',
      'intended-approval-notice',
      'decision',
      'issue-certificate',
      'approved',
    ]);
    expect(c.eventsOf('WaitStarted').map(({ days, unit, pausesClock }) => ({ days, unit, pausesClock }))).toEqual([
      { days: 10, unit: 'working', pausesClock: 'public_notice' },
      { days: 5, unit: 'working', pausesClock: 'public_notice' },
    ]);
    expect((EIA_APPROVAL.steps.find((s) => s.kind === 'countersign') as CountersignStep).veto).toBe(true);
    expect(c.eventsOf('SystemStepStarted')[0].job).toBe(SYSTEM_JOBS.issueEiaCertificate);
  });

  it('is denied when one countersigning section rejects', () => {
    const c = CaseHarness.started(EIA_APPROVAL, { eiaCategory: 'report_book' });
    c.complete('eia', 'approve');
    c.complete('eia', 'approve');
    c.run({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'acceptance-notice' });
    c.complete('monitoring', 'reject');
    expect(c.s.result).toBe('denied');
  });
});

describe('discharge_permit', () => {
  it('issues a registration at once for registration management', () => {
    const c = CaseHarness.started(definitionFor('discharge_permit')!, { managementCategory: 'registration' });
    expect(runToEnd(c).result).toBe('approved');
    expect(visited(c)).toEqual(['management-category', 'issue-registration', 'approved']);
    expect(c.eventsOf('SystemStepStarted')[0].job).toBe(SYSTEM_JOBS.issueDischargeRegistration);
  });

  it('reviews, countersigns and decides otherwise', () => {
    const def: WorkflowDefinition = definitionFor('discharge_permit')!;
    const c = CaseHarness.started(def, { managementCategory: 'simplified' });
    runToEnd(c);
    expect(visited(c)).toEqual(['management-category', 'review', 'countersign', 'decision', 'issue-permit', 'approved']);
  });
});
