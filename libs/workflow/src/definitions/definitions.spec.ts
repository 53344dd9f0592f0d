import { DEPARTMENTS, LICENSE_TYPES, type Dept, type LicenseType } from '@permits/contracts/enums';
import type { CountersignStep, WorkflowDefinition } from '../engine/definition';
import type { InstanceState } from '../engine/state';
import { CaseHarness, officer, RUNTIME } from '../engine/testing/harness';
import { validateDefinition } from '../engine/validate';
import { decide } from '../engine/decide';
import {
  ACCEPTANCE,
  DEFAULT_DEFINITIONS,
  DEFINITION_UPGRADES,
  definitionFor,
  definitionForCase,
  EIA_APPROVAL,
  EIA_REREVIEW,
  FILING_REVIEW_DEPTS,
  findDefinition,
  SUPERSEDED_DEFINITIONS,
  SYSTEM_JOBS,
} from '.';
import { ADMIN, head } from '../engine/testing/harness';

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
const ROUTINGS: Record<string, unknown>[] = [
  {},
  { eiaCategory: 'report_book' },
  { eiaCategory: 'registration' },
  { managementCategory: 'key' },
  { managementCategory: 'registration' },
];

const visited = (c: CaseHarness) => c.eventsOf('StepEntered').map((e) => e.stepId);
const licences = LICENSE_TYPES.filter((t): t is Exclude<LicenseType, 'other'> => t !== 'other');

describe('DEFAULT_DEFINITIONS', () => {
  it.each(DEFAULT_DEFINITIONS.map((d) => [d.key, d] as const))('%s passes validateDefinition', (_key, def) => {
    expect(validateDefinition(def, DEPARTMENTS)).toEqual([]);
  });

  // Each definition on its own (a sum over all of them would let one that never ends pass): every routing the
  // catalog and register can give, every task approved, and every task rejected, ends the case.
  it.each(DEFAULT_DEFINITIONS.flatMap((d) => ROUTINGS.map((data) => [d.key, JSON.stringify(data), d, data] as const)))(
    '%s reaches an end with %s',
    (_key, _json, def, data) => {
      for (const outcome of ['approve', 'reject'] as const) {
        const c = CaseHarness.started(def, { ...data, inspectors: ['inspector-1', 'inspector-2'] });
        expect(runToEnd(c, outcome).status).toBe('completed');
      }
    },
  );

  it('has one definition per licence type, keyed by it, and none for other', () => {
    for (const type of licences) expect(definitionFor(type)).toMatchObject({ key: type, licenseType: type, version: 2 });
    for (const type of licences) expect(findDefinition(type, 1)).toMatchObject({ key: type, version: 1 });
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

  it.each(licences)('%s goes on to the decision when the review rejects; only the decision denies', (type) => {
    const c = CaseHarness.started(definitionFor(type)!, { eiaCategory: 'report_book', managementCategory: 'key' });
    c.complete(type === 'eia_approval' ? 'eia' : c.openTasks()[0].dept, 'reject');
    expect(c.s).toMatchObject({ status: 'running', currentStepId: 'decision' });
    expect(c.openTasks()).toEqual([expect.objectContaining({ kind: 'decision', dept: 'approval' })]);
    c.complete('approval', 'reject');
    expect(c.s).toMatchObject({ status: 'completed', result: 'denied' });
  });

  it.each(licences)('%s may still be granted by the decision after a section said no', (type) => {
    const c = CaseHarness.started(definitionFor(type)!, { eiaCategory: 'report_book', managementCategory: 'key' });
    c.complete(c.openTasks()[0].dept, 'reject');
    expect(runToEnd(c)).toMatchObject({ result: 'approved' });
  });

  it.each(licences)('%s: a rejected countersign is advice to the decision', (type) => {
    const c = CaseHarness.started(definitionFor(type)!, { eiaCategory: 'report_book', managementCategory: 'key' });
    for (let guard = 0; c.s.currentStepId !== 'countersign' && guard < 10; guard++) {
      const step = c.def.steps.find((s) => s.id === c.s.currentStepId)!;
      if (step.kind === 'wait') c.run({ type: 'WaitElapsed', actor: RUNTIME, stepId: step.id });
      else c.complete(c.openTasks()[0].dept, 'approve');
    }
    c.complete(c.openTasks()[0].dept, 'reject');
    for (const task of c.openTasks().filter((t) => t.kind === 'countersign')) c.complete(task.dept, 'approve'); // (a veto closed it at the first no)
    expect(c.eventsOf('CountersignDecided').map((e) => e.outcome)).toEqual(['reject']);
    expect(c.s).toMatchObject({ status: 'running', currentStepId: 'decision' });
  });

  it('keeps every superseded version loadable, and moves each to the version in force with every step id kept', () => {
    // every licence and filing review, and supervision's check and penalty (whose own worker moves open checks)
    expect(SUPERSEDED_DEFINITIONS.map((d) => `${d.key} v${d.version}`)).toHaveLength(licences.length + FILING_REVIEW_DEPTS.length + 2);
    expect(DEFINITION_UPGRADES).toHaveLength(licences.length + FILING_REVIEW_DEPTS.length);
    for (const old of SUPERSEDED_DEFINITIONS) {
      expect(validateDefinition(old, DEPARTMENTS)).toEqual([]);
      expect(findDefinition(old.key, old.version)).toBe(old);
    }
    for (const u of DEFINITION_UPGRADES) {
      expect(u.to).toBe(DEFAULT_DEFINITIONS.find((d) => d.key === u.from.key));
      expect(u.to.version).toBe(u.from.version + 1);
      for (const step of u.from.steps) expect(u.to.steps.find((s) => s.id === (u.stepMapping[step.id] ?? step.id))?.kind).toBe(step.kind);
    }
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
  it.each(FILING_REVIEW_DEPTS)('a filing reviewed by %s is filed on approval; a rejection goes to the decision of that section, which refuses', (dept) => {
    const def = definitionForCase('other', { kind: 'filing', filingReviewDept: dept })!;
    expect(def).toMatchObject({ key: `filing_review.${dept}`, version: 2 });
    const approved = CaseHarness.started(def);
    expect(runToEnd(approved)).toMatchObject({ status: 'completed', result: 'approved' });
    expect(visited(approved)).toEqual(['review', 'approved']);
    expect(approved.eventsOf('TaskOpened').map((e) => e.dept)).toEqual([dept]);
    const refused = CaseHarness.started(def);
    expect(runToEnd(refused, 'reject')).toMatchObject({ result: 'denied' });
    expect(visited(refused)).toEqual(['review', 'decision', 'denied']);
    expect(refused.eventsOf('TaskOpened').map((e) => [e.kind, e.dept])).toEqual([
      ['review', dept],
      ['decision', dept],
    ]);
    const overruled = CaseHarness.started(def);
    overruled.complete(dept, 'reject');
    overruled.complete(dept, 'approve');
    expect(overruled.s.result).toBe('approved');
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

  it('goes to the decision, without the intended-approval notice, when one countersigning section vetoes', () => {
    const c = CaseHarness.started(EIA_APPROVAL, { eiaCategory: 'report_book' });
    c.complete('eia', 'approve');
    c.complete('eia', 'approve');
    c.run({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'acceptance-notice' });
    c.complete('monitoring', 'reject');
    expect(c.s).toMatchObject({ status: 'running', currentStepId: 'decision' });
    expect(visited(c)).not.toContain('intended-approval-notice');
    c.complete('approval', 'reject');
    expect(c.s.result).toBe('denied');
  });

  it('goes to the decision when the technical assessment rejects', () => {
    const c = CaseHarness.started(EIA_APPROVAL, { eiaCategory: 'report_book' });
    c.complete('eia', 'approve');
    c.complete('eia', 'reject');
    expect(c.s).toMatchObject({ status: 'running', currentStepId: 'decision' });
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

describe('DEFINITION_UPGRADES', () => {
  const upgrade = (key: string) => DEFINITION_UPGRADES.find((u) => u.from.key === key)!;
  const migrateTo = (c: CaseHarness, u: (typeof DEFINITION_UPGRADES)[number]) => {
    c.run({ type: 'Migrate', actor: ADMIN, toDefinition: u.to, stepMapping: u.stepMapping, keepSigners: true });
    c.def = u.to;
  };

  it('moves a case waiting at its review: the same task stays open, and its reject now goes to the decision', () => {
    const u = upgrade('hazardous_waste');
    const c = CaseHarness.started(u.from);
    const task = c.openTasks()[0];
    migrateTo(c, u);
    expect(c.s).toMatchObject({ definitionVersion: 2, currentStepId: 'review' });
    expect(c.openTasks().map((t) => t.id)).toEqual([task.id]);
    expect(c.eventsOf('CaseMigrated')).toHaveLength(1);
    c.complete('solid_waste', 'reject');
    expect(c.s.currentStepId).toBe('decision');
  });

  it('keeps a countersign with the departments a head added and removed, and the votes cast', () => {
    const u = upgrade('hazardous_waste');
    const c = CaseHarness.started(u.from);
    c.complete('solid_waste', 'approve');
    c.run({ type: 'AddSigners', actor: head('approval'), signers: ['radiation'] });
    c.run({ type: 'RemoveSigners', actor: head('approval'), signers: ['legal'] });
    c.complete('pollution', 'approve');
    const before = c.s.countersign!;
    const open = c
      .openTasks()
      .map((t) => t.id)
      .sort();
    migrateTo(c, u);
    expect(c.s.countersign).toMatchObject({ signers: before.signers, votes: before.votes });
    expect(
      c
        .openTasks()
        .map((t) => t.id)
        .sort(),
    ).toEqual(open);
    expect(c.eventsOf('TaskCancelled')).toEqual([expect.objectContaining({ stepId: 'countersign' })]); // legal's, by the removal
    c.complete('enforcement', 'reject');
    c.complete('radiation', 'approve');
    expect(c.s.currentStepId).toBe('decision');
  });

  it('keeps a public notice running on its timer and the clock paused once (no second pause)', () => {
    const u = upgrade('eia_approval');
    const c = CaseHarness.started(u.from, { eiaCategory: 'report_book' });
    c.complete('eia', 'approve');
    c.complete('eia', 'approve');
    const entered = c.eventsOf('StepEntered').length;
    const round = c.s.rounds['acceptance-notice'];
    migrateTo(c, u);
    expect(c.eventsOf('StepEntered')).toHaveLength(entered);
    expect(c.eventsOf('WaitStarted')).toHaveLength(1);
    c.run({ type: 'WaitElapsed', actor: RUNTIME, stepId: 'acceptance-notice', round });
    expect(c.s.currentStepId).toBe('countersign');
    c.complete('legal', 'reject');
    expect(c.s.currentStepId).toBe('decision');
  });

  it('keeps a certificate job pending on its step (the reply still applies)', () => {
    const u = upgrade('radiation_safety');
    const d = CaseHarness.started(u.from);
    d.complete('radiation', 'approve');
    d.complete('monitoring', 'approve');
    d.complete('legal', 'approve');
    d.complete('approval', 'approve');
    expect(d.s.currentStepId).toBe('issue-certificate');
    migrateTo(d, u);
    d.run({ type: 'SystemReplied', actor: RUNTIME, stepId: 'issue-certificate', round: d.s.rounds['issue-certificate'], ok: true });
    expect(d.s.result).toBe('approved');
  });

  it('refuses to move a closed case (the engine refuses any command on it)', () => {
    const u = upgrade('radiation_safety');
    const c = CaseHarness.started(u.from);
    runToEnd(c);
    expect(() =>
      decide(u.from, c.s, { type: 'Migrate', actor: ADMIN, toDefinition: u.to, stepMapping: {}, keepSigners: true }, new Date(), () => 'x'),
    ).toThrow();
  });
});

describe('eia_rereview (HB-003-01, 重新审核)', () => {
  it('is chosen for an EIA renewal only, and only when a case starts', () => {
    expect(definitionForCase('eia_approval', { kind: 'renewal', subItemCode: 'HB-003-01' })).toBe(EIA_REREVIEW);
    expect(definitionForCase('eia_approval', { kind: 'new', eiaCategory: 'report_book' })).toBe(EIA_APPROVAL);
    expect(definitionForCase('discharge_permit', { kind: 'renewal' })?.key).toBe('discharge_permit');
    // the licence definition for eia_approval is still the full one: a running case keeps its key and version
    expect(definitionFor('eia_approval')).toBe(EIA_APPROVAL);
    expect(findDefinition('eia_rereview', 1)).toBe(EIA_REREVIEW);
  });

  it('goes review → decision → approved, with no assessment, notice, countersign or certificate', () => {
    const c = CaseHarness.started(EIA_REREVIEW, { kind: 'renewal' });
    expect(c.openTasks().map((t) => [t.kind, t.dept])).toEqual([['review', 'eia']]);
    expect(runToEnd(c, 'approve')).toMatchObject({ status: 'completed', result: 'approved' });
    expect(visited(c)).toEqual(['review', 'decision', 'approved']);
    expect(EIA_REREVIEW.steps.map((s) => s.kind).sort()).toEqual(['end', 'end', 'task', 'task']);
    expect(EIA_REREVIEW.steps.some((s) => 'pausesClock' in s)).toBe(false);
  });

  it("takes the section's no as advice: the head decides, and a refusal denies", () => {
    const c = CaseHarness.started(EIA_REREVIEW, { kind: 'renewal' });
    expect(runToEnd(c, 'reject')).toMatchObject({ status: 'completed', result: 'denied' });
    expect(visited(c)).toEqual(['review', 'decision', 'denied']);
  });
});
