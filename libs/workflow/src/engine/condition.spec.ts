// The one condition language, on both its vocabularies: the case data (gateway routes) and declared attributes (the
// EIA classification directory).
import fc from 'fast-check';
import {
  CASE_DATA,
  conditionProblems,
  describeCondition,
  evaluate,
  parseCondition,
  readField,
  type AttributeSpec,
  type Attributes,
  type Condition,
  type Truth,
} from './condition';

/** A gateway's reading: the case data is all there is, so the answer is always true or false. */
function onData(condition: Condition, data: Record<string, unknown>): Truth['value'] {
  return evaluate(condition, { data }).value;
}

function onAttributes(condition: Condition, attributes: Attributes): Truth {
  return evaluate(condition, { attributes });
}

describe('evaluate on the case data (gateways)', () => {
  const data = { eiaCategory: 'report_book', site: { zone: 'industrial', area: 12 }, flag: false };

  it('compares a field with eq', () => {
    expect(onData({ field: 'data.eiaCategory', eq: 'report_book' }, data)).toBe(true);
    expect(onData({ field: 'data.eiaCategory', eq: 'registration' }, data)).toBe(false);
    expect(onData({ field: 'data.flag', eq: false }, data)).toBe(true);
  });

  it('reads nested fields and treats missing ones as absent', () => {
    expect(onData({ field: 'data.site.zone', in: ['industrial', 'port'] }, data)).toBe(true);
    expect(onData({ field: 'data.site.missing.deeper', eq: null }, data)).toBe(false);
    expect(readField('data.site.area', data)).toBe(12);
    expect(readField('other.site', data)).toBeUndefined();
  });

  it('does not read inherited properties', () => {
    expect(readField('data.constructor', {})).toBeUndefined();
  });

  it('combines with all, any and not', () => {
    const isBigIndustrial = { all: [{ field: 'data.site.zone', eq: 'industrial' }, { not: { field: 'data.site.area', in: [1, 2] } }] };
    expect(onData(isBigIndustrial, data)).toBe(true);
    expect(
      onData(
        {
          any: [
            { field: 'data.flag', eq: true },
            { field: 'data.eiaCategory', eq: 'x' },
          ],
        },
        data,
      ),
    ).toBe(false);
  });
});

describe('conditionProblems on the case data (gateways)', () => {
  it('accepts well-formed conditions', () => {
    expect(conditionProblems({ all: [{ field: 'data.a', eq: 1 }, { not: { field: 'data.b', in: ['x'] } }] })).toEqual([]);
  });

  it.each([
    [{ field: 'eiaCategory', eq: 'x' }],
    [{ field: 'data.', eq: 'x' }],
    [{ field: 'data.a', eq: { nested: true } }],
    [{ field: 'data.a', in: [] }],
    [{ field: 'data.a' }],
    [{ all: [] }],
    ['data.a == 1'],
  ])('flags %j', (condition) => {
    expect(conditionProblems(condition).length).toBeGreaterThan(0);
  });
});

const VOCABULARY: ReadonlyMap<string, AttributeSpec> = new Map<string, AttributeSpec>([
  ['flag', { type: 'boolean', description: 'a flag' }],
  ['other', { type: 'boolean', description: 'another flag' }],
  ['size', { type: 'number', description: 'a size' }],
  ['fuel', { type: 'string', description: 'a fuel', values: ['coal', 'gas'] }],
]);

function parsed(raw: unknown): Condition {
  const problems: string[] = [];
  const condition = parseCondition(raw, 'c', { attributes: VOCABULARY }, problems);
  if (!condition) throw new Error(problems.join('\n'));
  return condition;
}

function problemsOf(raw: unknown): string[] {
  const problems: string[] = [];
  expect(parseCondition(raw, 'c', { attributes: VOCABULARY }, problems)).toBeUndefined();
  return problems;
}

describe('evaluate on declared attributes (the classification directory)', () => {
  const plating = parsed({
    any: [
      { attr: 'flag', eq: true },
      { attr: 'size', gte: 10 },
    ],
  });

  it('decides on the attributes it has', () => {
    expect(onAttributes(plating, { flag: true })).toEqual({ value: true });
    expect(onAttributes(plating, { flag: false, size: 12 })).toEqual({ value: true });
    expect(onAttributes(plating, { flag: false, size: 3 })).toEqual({ value: false });
  });

  it('leaves a condition unknown, naming the attributes, instead of reading a missing one as false', () => {
    expect(onAttributes(plating, { flag: false })).toEqual({ value: 'unknown', missing: ['size'] });
    expect(onAttributes(plating, {})).toEqual({ value: 'unknown', missing: ['flag', 'size'] });
    expect(onAttributes(parsed({ not: { attr: 'flag', eq: true } }), {})).toEqual({ value: 'unknown', missing: ['flag'] });
  });

  it('lets one false part decide "all" and one true part decide "any" whatever is missing', () => {
    const both = parsed({
      all: [
        { attr: 'flag', eq: true },
        { attr: 'size', gt: 5 },
      ],
    });
    expect(onAttributes(both, { size: 1 })).toEqual({ value: false });
    expect(onAttributes(both, { size: 9 })).toEqual({ value: 'unknown', missing: ['flag'] });
  });

  it('compares numbers at the boundary and tests membership', () => {
    expect(onAttributes(parsed({ attr: 'size', gte: 10 }), { size: 10 })).toEqual({ value: true });
    expect(onAttributes(parsed({ attr: 'size', gt: 10 }), { size: 10 })).toEqual({ value: false });
    expect(onAttributes(parsed({ attr: 'size', lte: 10 }), { size: 10 })).toEqual({ value: true });
    expect(onAttributes(parsed({ attr: 'size', lt: 10 }), { size: 10 })).toEqual({ value: false });
    expect(onAttributes(parsed({ attr: 'fuel', in: ['coal'] }), { fuel: 'coal' })).toEqual({ value: true });
    expect(onAttributes(parsed({ attr: 'fuel', eq: 'gas' }), { fuel: 'coal' })).toEqual({ value: false });
    expect(onAttributes(parsed({ always: true }), {})).toEqual({ value: true });
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
        const truth = onAttributes(condition, given);
        if (truth.value === 'unknown') return truth.missing.every((name) => !(name in given));
        for (const flag of given.flag === undefined ? [true, false] : [given.flag]) {
          for (const other of given.other === undefined ? [true, false] : [given.other]) {
            for (const size of given.size === undefined ? [0, 1, 2, 3, 4] : [given.size]) {
              const full: Attributes = { flag, other, size };
              if (onAttributes(condition, full).value !== truth.value) return false;
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
    expect(
      describeCondition(
        parsed({
          any: [
            { attr: 'flag', eq: true },
            { attr: 'size', gte: 10 },
          ],
        }),
      ),
    ).toBe('flag = true or size >= 10');
    expect(
      describeCondition(parsed({ all: [{ attr: 'fuel', in: ['coal', 'gas'] }, { any: [{ attr: 'size', gt: 65 }, { not: { attr: 'other', eq: true } }] }] })),
    ).toBe('fuel in (coal, gas) and (size > 65 or not other = true)');
  });
});

describe('parseCondition on declared attributes (the classification directory)', () => {
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

// One language: what either vocabulary had, both now have; each still names only its own subject.
describe('the one language on both vocabularies', () => {
  const data = { site: { area: 12 }, name: 'x' };

  it('compares case-data fields with gte, gt, lte and lt, an absent or non-number field being below and above nothing', () => {
    expect(onData({ field: 'data.site.area', gte: 12 }, data)).toBe(true);
    expect(onData({ field: 'data.site.area', gt: 12 }, data)).toBe(false);
    expect(onData({ field: 'data.site.area', lte: 12 }, data)).toBe(true);
    expect(onData({ field: 'data.site.area', lt: 12 }, data)).toBe(false);
    expect(onData({ field: 'data.site.depth', lt: 100 }, data)).toBe(false);
    expect(onData({ field: 'data.name', gte: 0 }, data)).toBe(false);
    expect(onData({ always: true }, data)).toBe(true);
  });

  it('never leaves a gateway unknown: an absent field is absent, so its negation holds', () => {
    expect(onData({ not: { field: 'data.site.zone', eq: 'port' } }, data)).toBe(true);
    expect(onData({ any: [{ field: 'data.missing', eq: 1 }, { not: { field: 'data.missing', gte: 1 } }] }, data)).toBe(true);
  });

  it('reads an attribute condition as unknown when no attributes are given, and a field one against no data as absent', () => {
    expect(evaluate({ attr: 'flag', eq: true }, {})).toEqual({ value: 'unknown', missing: ['flag'] });
    expect(evaluate({ field: 'data.flag', eq: true }, {})).toEqual({ value: false });
  });

  it('accepts gte, gt, lte, lt and always in gateway conditions, with numbers only', () => {
    expect(conditionProblems({ all: [{ field: 'data.a', gte: 1 }, { field: 'data.b', lt: 2.5 }, { always: true }] })).toEqual([]);
    expect(conditionProblems({ field: 'data.a', gte: '1' })).toEqual(['gte: data.a takes a number, not "1"']);
    expect(conditionProblems({ field: 'data.a', gt: null })).toEqual(['gt: data.a takes a number, not null']);
  });

  it('refuses in a gateway what the directory refuses: stray keys, two operators, an attr, a nested bad part with its path', () => {
    expect(conditionProblems({ field: 'data.a', eq: 1, note: 'x' })).toEqual([
      'unknown key(s) note (use always, all, any, not, in, eq, gte, gt, lte, lt and field)',
    ]);
    expect(conditionProblems({ field: 'data.a', eq: 1, in: [1] })).toEqual([
      'a condition needs exactly one of always, all, any, not, in, eq, gte, gt, lte, lt, found in, eq',
    ]);
    expect(conditionProblems({ attr: 'flag', eq: true })).toEqual([
      'unknown key(s) attr (use always, all, any, not, in, eq, gte, gt, lte, lt and field)',
      'field must be a dotted path starting with "data." (got undefined)',
    ]);
    expect(conditionProblems({ any: [{ field: 'data.a', eq: 1 }, { not: { field: 'a', eq: 1 } }] })).toEqual([
      'any[1].not.field must be a dotted path starting with "data." (got "a")',
    ]);
    expect(conditionProblems({ not: { always: true }, field: 'data.a' })).toEqual(['"field" goes with a comparison, not with "not"']);
  });

  it('refuses a case-data field in the directory', () => {
    expect(problemsOf({ field: 'data.flag', eq: true })).toEqual([
      'c: unknown key(s) field (use always, all, any, not, in, eq, gte, gt, lte, lt and attr)',
      'c.attr: "eq" needs the name of an attribute',
    ]);
  });

  it('describes a gateway condition in the same words as a directory one', () => {
    expect(describeCondition({ field: 'data.managementCategory', eq: 'registration' })).toBe('data.managementCategory = registration');
    expect(
      describeCondition({
        not: {
          any: [
            { field: 'data.a', in: ['x', 'y'] },
            { field: 'data.b', lt: 3 },
          ],
        },
      }),
    ).toBe('not (data.a in (x, y) or data.b < 3)');
  });
});

// The gateways' former evaluator, kept here as the reference: on what gateways could say before (eq, in, all, any,
// not over fields), the one evaluator answers exactly as it did, and never "unknown".
describe('gateway conditions evaluate as they did before the languages were merged', () => {
  type Old = { field: string; eq: unknown } | { field: string; in: unknown[] } | { all: Old[] } | { any: Old[] } | { not: Old };
  function before(condition: Old, data: Record<string, unknown>): boolean {
    if ('all' in condition) return condition.all.every((c) => before(c, data));
    if ('any' in condition) return condition.any.some((c) => before(c, data));
    if ('not' in condition) return !before(condition.not, data);
    const value = readField(condition.field, data);
    if ('eq' in condition) return value === condition.eq;
    return condition.in.some((candidate) => candidate === value);
  }

  it('gives the same answer on any data', () => {
    const scalar = fc.oneof(fc.constantFrom('a', 'b', null, true, false, 0, 1), fc.integer({ min: -2, max: 2 }));
    const field = fc.constantFrom('data.a', 'data.b', 'data.a.b', 'data.c.a', 'data.constructor');
    const leaf = fc.oneof(fc.record({ field, eq: scalar }), fc.record({ field, in: fc.array(scalar, { minLength: 1, maxLength: 3 }) }));
    const tree = fc.letrec<{ node: Old }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
        fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
        fc.record({ not: tie('node') }),
      ),
    })).node;
    const value = fc.oneof(scalar, fc.record({ a: scalar, b: scalar }, { requiredKeys: [] }));
    const data = fc.record({ a: value, b: value, c: value }, { requiredKeys: [] });

    fc.assert(
      fc.property(tree, data, (raw, given) => {
        const problems: string[] = [];
        const condition = parseCondition(raw, '', CASE_DATA, problems);
        return condition !== undefined && problems.length === 0 && onData(condition, given) === before(raw, given);
      }),
    );
  });
});
