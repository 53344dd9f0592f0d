import { bodyShapeProblem, MAX_JSON_DEPTH, textProblem } from './body';

describe(bodyShapeProblem.name, () => {
  it('takes ordinary bodies, surrogate pairs (emoji, rare CJK) included', () => {
    expect(bodyShapeProblem({ name: '环评报告书 😀 𠀀', list: [1, 'a', { b: null }] })).toBeUndefined();
    expect(bodyShapeProblem(JSON.parse('{"name":"\\ud83d\\ude00"}'))).toBeUndefined();
  });

  it('refuses what PostgreSQL text and jsonb refuse: a NUL or a lone UTF-16 surrogate, in a string or a key, at any depth', () => {
    for (const raw of ['"\\ud800"', '"a\\udc00"', '"\\udc00\\ud800"', '"\\ud800\\ud800\\udc00"', '"x\\ud83d"']) {
      const s = JSON.parse(raw) as string;
      expect(textProblem(s)).toMatch(/lone UTF-16 surrogate/);
      expect(bodyShapeProblem({ documents: [{ name: s }] })).toBe('strings in the body must be well-formed Unicode (no lone UTF-16 surrogate)');
      expect(bodyShapeProblem({ [s]: 1 })).toBe('keys in the body must be well-formed Unicode (no lone UTF-16 surrogate)');
    }
    expect(bodyShapeProblem(['a\u0000b'])).toBe('strings in the body must not contain NUL characters');
    expect(bodyShapeProblem({ 'a\u0000': 1 })).toBe('keys in the body must not contain NUL characters');
    expect(bodyShapeProblem(JSON.parse('"\\ud800"'))).toMatch(/lone UTF-16 surrogate/);
  });

  it('refuses nesting deeper than MAX_JSON_DEPTH without overflowing', () => {
    const deep = JSON.parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`) as unknown;
    expect(bodyShapeProblem(deep)).toBe(`the body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  });
});
