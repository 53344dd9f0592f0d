import { conditionProblems, evaluate, readField } from './condition';

describe('evaluate', () => {
  const data = { eiaCategory: 'report_book', site: { zone: 'industrial', area: 12 }, flag: false };

  it('compares a field with eq', () => {
    expect(evaluate({ field: 'data.eiaCategory', eq: 'report_book' }, data)).toBe(true);
    expect(evaluate({ field: 'data.eiaCategory', eq: 'registration' }, data)).toBe(false);
    expect(evaluate({ field: 'data.flag', eq: false }, data)).toBe(true);
  });

  it('reads nested fields and treats missing ones as absent', () => {
    expect(evaluate({ field: 'data.site.zone', in: ['industrial', 'port'] }, data)).toBe(true);
    expect(evaluate({ field: 'data.site.missing.deeper', eq: null }, data)).toBe(false);
    expect(readField('data.site.area', data)).toBe(12);
    expect(readField('other.site', data)).toBeUndefined();
  });

  it('does not read inherited properties', () => {
    expect(readField('data.constructor', {})).toBeUndefined();
  });

  it('combines with all, any and not', () => {
    const isBigIndustrial = { all: [{ field: 'data.site.zone', eq: 'industrial' }, { not: { field: 'data.site.area', in: [1, 2] } }] };
    expect(evaluate(isBigIndustrial, data)).toBe(true);
    expect(evaluate({ any: [{ field: 'data.flag', eq: true }, { field: 'data.eiaCategory', eq: 'x' }] }, data)).toBe(false);
  });
});

describe('conditionProblems', () => {
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
