import fc from 'fast-check';
import { describeCondition, evaluate, parseCondition, type AttributeSpec, type Attributes, type Condition } from './condition';

const VOCABULARY: ReadonlyMap<string, AttributeSpec> = new Map<string, AttributeSpec>([
  ['flag', { type: 'boolean', description: 'a flag' }],
  ['other', { type: 'boolean', description: 'another flag' }],
  ['size', { type: 'number', description: 'a size' }],
  ['fuel', { type: 'string', description: 'a fuel', values: ['coal', 'gas'] }],
]);

function parsed(raw: unknown): Condition {
  const problems: string[] = [];
  const condition = parseCondition(raw, 'c', VOCABULARY, problems);
  if (!condition) throw new Error(problems.join('\n'));
  return condition;
}

function problemsOf(raw: unknown): string[] {
  const problems: string[] = [];
  expect(parseCondition(raw, 'c', VOCABULARY, problems)).toBeUndefined();
  return problems;
}

describe(evaluate.name, () => {
  const plating = parsed({ any: [{ attr: 'flag', eq: true }, { attr: 'size', gte: 10 }] });

  it('decides on the attributes it has', () => {
    expect(evaluate(plating, { flag: true })).toEqual({ value: true });
    expect(evaluate(plating, { flag: false, size: 12 })).toEqual({ value: true });
    expect(evaluate(plating, { flag: false, size: 3 })).toEqual({ value: false });
  });

  it('leaves a condition unknown, naming the attributes, instead of reading a missing one as false', () => {
    expect(evaluate(plating, { flag: false })).toEqual({ value: 'unknown', missing: ['size'] });
    expect(evaluate(plating, {})).toEqual({ value: 'unknown', missing: ['flag', 'size'] });
    expect(evaluate(parsed({ not: { attr: 'flag', eq: true } }), {})).toEqual({ value: 'unknown', missing: ['flag'] });
  });

  it('lets one false part decide "all" and one true part decide "any" whatever is missing', () => {
    const both = parsed({ all: [{ attr: 'flag', eq: true }, { attr: 'size', gt: 5 }] });
    expect(evaluate(both, { size: 1 })).toEqual({ value: false });
    expect(evaluate(both, { size: 9 })).toEqual({ value: 'unknown', missing: ['flag'] });
  });

  it('compares numbers at the boundary and tests membership', () => {
    expect(evaluate(parsed({ attr: 'size', gte: 10 }), { size: 10 })).toEqual({ value: true });
    expect(evaluate(parsed({ attr: 'size', gt: 10 }), { size: 10 })).toEqual({ value: false });
    expect(evaluate(parsed({ attr: 'size', lte: 10 }), { size: 10 })).toEqual({ value: true });
    expect(evaluate(parsed({ attr: 'size', lt: 10 }), { size: 10 })).toEqual({ value: false });
    expect(evaluate(parsed({ attr: 'fuel', in: ['coal'] }), { fuel: 'coal' })).toEqual({ value: true });
    expect(evaluate(parsed({ attr: 'fuel', eq: 'gas' }), { fuel: 'coal' })).toEqual({ value: false });
    expect(evaluate(parsed({ always: true }), {})).toEqual({ value: true });
  });

  // The property behind "never guessed": whenever evaluate answers true or false, every way of filling in the
  // missing attributes gives that same answer.
  it('only answers true or false when no completion of the missing attributes could change the answer', () => {
    const leaf: fc.Arbitrary<unknown> = fc.oneof(
      fc.record({ attr: fc.constantFrom('flag', 'other'), eq: fc.boolean() }),
      fc.record({ attr: fc.constant('size'), gte: fc.integer({ min: 0, max: 4 }) }),
      fc.record({ attr: fc.constant('size'), lt: fc.integer({ min: 0, max: 4 }) }),
      fc.constant({ always: true }),
    );
    const tree = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
        fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
        fc.record({ not: tie('node') }),
      ),
    })).node;
    const partial = fc.record({ flag: fc.boolean(), other: fc.boolean(), size: fc.integer({ min: 0, max: 4 }) }, { requiredKeys: [] });

    fc.assert(
      fc.property(tree, partial, (raw, given) => {
        const condition = parsed(raw);
        const truth = evaluate(condition, given);
        if (truth.value === 'unknown') return truth.missing.every((name) => !(name in given));
        for (const flag of given.flag === undefined ? [true, false] : [given.flag]) {
          for (const other of given.other === undefined ? [true, false] : [given.other]) {
            for (const size of given.size === undefined ? [0, 1, 2, 3, 4] : [given.size]) {
              const full: Attributes = { flag, other, size };
              if (evaluate(condition, full).value !== truth.value) return false;
            }
          }
        }
        return true;
      }),
    );
  });
});

describe(describeCondition.name, () => {
  it('renders a condition on one line', () => {
    expect(describeCondition(parsed({ any: [{ attr: 'flag', eq: true }, { attr: 'size', gte: 10 }] }))).toBe('flag = true or size >= 10');
    expect(
      describeCondition(parsed({ all: [{ attr: 'fuel', in: ['coal', 'gas'] }, { any: [{ attr: 'size', gt: 65 }, { not: { attr: 'other', eq: true } }] }] })),
    ).toBe('fuel in (coal, gas) and (size > 65 or not other = true)');
  });
});

describe(parseCondition.name, () => {
  it('refuses conditions that are not objects or carry no or two operators', () => {
    expect(problemsOf('flag')).toEqual(['c: a condition must be an object']);
    expect(problemsOf({})).toEqual(['c: a condition needs exactly one of always, all, any, not, in, eq, gte, gt, lte, lt, found none']);
    expect(problemsOf({ attr: 'size', gte: 1, lt: 3 })).toEqual([
      'c: a condition needs exactly one of always, all, any, not, in, eq, gte, gt, lte, lt, found gte, lt',
    ]);
  });

  it('refuses unknown keys, "always" other than true and empty groups', () => {
    expect(problemsOf({ always: true, because: 'x' })).toEqual(['c: unknown key(s) because (use always, all, any, not, in, eq, gte, gt, lte, lt and attr)']);
    expect(problemsOf({ always: 1 })).toEqual(['c.always: must be true']);
    expect(problemsOf({ all: [] })).toEqual(['c.all: must be a non-empty array of conditions']);
    expect(problemsOf({ any: [{ attr: 'size', gte: 1 }, { nope: 1 }] })).toHaveLength(2);
  });

  it('refuses undeclared attributes and values of the wrong type', () => {
    expect(problemsOf({ attr: 'capacity', gte: 1 })).toEqual(['c.attr: "capacity" is not a declared attribute (declared: flag, other, size, fuel)']);
    expect(problemsOf({ attr: 'flag', gte: 1 })).toEqual(['c.gte: flag is a boolean; only numbers take gte']);
    expect(problemsOf({ attr: 'size', gte: '10' })).toEqual(['c.gte: size takes a number, not "10"']);
    expect(problemsOf({ attr: 'flag', eq: 'yes' })).toEqual(['c.eq: flag takes a boolean, not "yes"']);
    expect(problemsOf({ attr: 'fuel', in: ['coal', 'wood'] })).toEqual(['c.in: fuel takes one of coal, gas, not "wood"']);
    expect(problemsOf({ attr: 'fuel', in: [] })).toEqual(['c.in: must be a non-empty array']);
    expect(problemsOf({ gte: 1 })).toEqual(['c.attr: "gte" needs the name of an attribute']);
    expect(problemsOf({ not: { always: true }, attr: 'flag' })).toEqual(['c: "attr" goes with a comparison, not with "not"']);
  });
});
