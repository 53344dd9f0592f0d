import { DEPARTMENTS } from '@permits/contracts/enums';
import type { StepDef, WorkflowDefinition } from './definition';
import { InvalidDefinition } from './errors';
import { countersignDef } from './testing/harness';
import { assertValidDefinition, validateDefinition } from './validate';

const messages = (def: WorkflowDefinition) => validateDefinition(def, DEPARTMENTS).map((p) => `${p.stepId ?? '-'}: ${p.message}`);
const withSteps = (steps: StepDef[], start = steps[0].id): WorkflowDefinition => ({ key: 'k', version: 1, start, steps });
const END: StepDef = { id: 'end', kind: 'end', result: 'approved' };
const task = (id: string, outcomes: Record<string, string>, taskKind = 'review'): StepDef => ({ id, kind: 'task', taskKind, dept: 'eia', outcomes }) as StepDef;

describe('validateDefinition', () => {
  it('accepts a well-formed definition', () => {
    expect(messages(countersignDef({ type: 'all' }))).toEqual([]);
  });

  it('flags duplicate ids, a missing start and unknown targets together', () => {
    const def = withSteps([task('a', { approve: 'nowhere' }), task('a', { approve: 'end' }), END], 'missing');
    expect(messages(def)).toEqual(
      expect.arrayContaining(['a: duplicate step id', '-: start step "missing" does not exist', 'a: leads to unknown step "nowhere"']),
    );
  });

  it('flags steps not reachable from start', () => {
    expect(messages(withSteps([task('a', { approve: 'end' }), task('orphan', { approve: 'end' }), END]))).toEqual(['orphan: not reachable from start']);
  });

  it('flags steps from which no end can be reached', () => {
    const def = withSteps([task('a', { approve: 'b', reject: 'end' }), task('b', { approve: 'c' }), task('c', { approve: 'b' }), END]);
    expect(messages(def)).toEqual(['b: no end step can be reached from here', 'c: no end step can be reached from here']);
  });

  it('flags unknown departments, including countersign signers', () => {
    const def = countersignDef({ type: 'all' }, ['pollution', 'forestry' as never, { user: 'u1', dept: 'mars' as never }]);
    expect(messages(def)).toEqual(['cs: unknown department "forestry"', 'cs: unknown department "mars"']);
  });

  it('checks departments against the list it is given', () => {
    expect(validateDefinition(countersignDef({ type: 'all' }), ['eia', 'approval'])).toHaveLength(3);
  });

  it('flags outcomes that are illegal for the task kind, and return as a routed outcome', () => {
    const def = withSteps([task('a', { accept: 'end', return: 'end' }, 'review'), task('b', { approve: 'end' }, 'acceptance'), END]);
    expect(messages(def)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^a: outcome "accept" is not legal/),
        expect.stringMatching(/^a: outcome "return" is not legal/),
        expect.stringMatching(/^b: outcome "approve" is not legal/),
      ]),
    );
  });

  it('flags insane policy parameters', () => {
    expect(messages(countersignDef({ type: 'quorum', n: 4 }))).toEqual([
      expect.stringMatching(/^cs: quorum n must be an integer from 1 to the number of signers \(3\)/),
    ]);
    expect(messages(countersignDef({ type: 'quorum', ratio: 1.2 }))).toHaveLength(1);
    expect(messages(countersignDef({ type: 'quorum' }))).toHaveLength(1);
    expect(messages(countersignDef({ type: 'all' }, []))).toEqual(['cs: a countersign needs at least one signer']);
    expect(messages(countersignDef({ type: 'all' }, ['legal', 'legal']))).toEqual(['cs: signers must be unique']);
    expect(messages(countersignDef({ type: 'majority' } as never))).toHaveLength(1);
  });

  it('refuses a countersign whose rejection would lead where its approval leads (not a decision)', () => {
    const def = countersignDef({ type: 'any' });
    const cs = def.steps.find((s) => s.id === 'cs')!;
    Object.assign(cs, { onRejected: 'decision' });
    Object.assign(
      def.steps.find((s) => s.id === 'decision')!,
      { taskKind: 'final_check' },
    );
    expect(messages(def)).toEqual(['cs: onApproved and onRejected must lead to different steps, unless both lead to a decision task']);
  });

  it('lets a countersign whose outcome is advice lead to the decision either way, and nowhere else', () => {
    const def = countersignDef({ type: 'any' });
    const cs = def.steps.find((s) => s.id === 'cs')!;
    const decision = def.steps.find((s) => s.id === 'decision')!;
    Object.assign(cs, { onApproved: 'decision', onRejected: 'decision' });
    Object.assign(decision, { taskKind: 'decision' });
    expect(messages(def)).toEqual([]);
    Object.assign(decision, { taskKind: 'review' });
    expect(messages(def)).toEqual(['cs: onApproved and onRejected must lead to different steps, unless both lead to a decision task']);
  });

  it('checks wait, system, gateway and end steps', () => {
    const def = withSteps([
      { id: 'g', kind: 'gateway', routes: [{ when: { field: 'eiaCategory', eq: 'x' }, to: 'w' }], otherwise: 's' },
      { id: 'w', kind: 'wait', days: 0, unit: 'weekly' as never, pausesClock: 'lunch' as never, next: 'end' },
      { id: 's', kind: 'system', job: '', next: 'end' },
      { id: 'end', kind: 'end', result: 'maybe' as never },
      { id: 'x', kind: 'teleport' } as never,
    ]);
    expect(messages(def)).toEqual([
      'g: field must be a dotted path starting with "data." (got "eiaCategory")',
      'w: days must be a positive integer, got 0',
      'w: unit must be one of working, calendar',
      'w: unknown pause reason "lunch"',
      's: job is required',
      'end: result must be one of approved, denied, not_accepted, withdrawn, accepted',
      'x: unknown step kind "teleport"',
    ]);
  });

  it('flags a loop made of gateways only', () => {
    const def = withSteps([
      { id: 'g1', kind: 'gateway', routes: [{ when: { field: 'data.a', eq: 1 }, to: 'end' }], otherwise: 'g2' },
      { id: 'g2', kind: 'gateway', routes: [], otherwise: 'g1' },
      END,
    ]);
    expect(messages(def)).toEqual(['g1: gateways form a loop with no step that waits', 'g2: gateways form a loop with no step that waits']);
  });

  it('flags a bad key and version', () => {
    expect(messages({ ...countersignDef({ type: 'all' }), key: '', version: 0 })).toEqual([
      '-: key must be a non-empty string',
      '-: version must be a positive integer',
    ]);
  });
});

describe('assertValidDefinition', () => {
  it('throws InvalidDefinition listing every problem', () => {
    const def = countersignDef({ type: 'quorum', n: 9 }, ['pollution', 'forestry' as never]);
    expect(() => assertValidDefinition(def, DEPARTMENTS)).toThrow(InvalidDefinition);
    try {
      assertValidDefinition(def, DEPARTMENTS);
    } catch (error) {
      expect((error as InvalidDefinition).code).toBe('INVALID_DEFINITION');
      expect((error as InvalidDefinition).problems).toHaveLength(2);
    }
  });
});
