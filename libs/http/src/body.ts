/** Deeper JSON than any request of ours needs; class-transformer and the validator recurse once per level. */
export const MAX_JSON_DEPTH = 32;

/**
 * A UTF-16 surrogate without its pair: JSON's `\ud800` escape makes one, PostgreSQL's jsonb refuses it and its
 * text cannot hold it (UTF-8 has no encoding for it).
 */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL's text and jsonb would refuse `s` (a NUL, a lone surrogate), or undefined when they take it. */
export function textProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(s)) return 'must be well-formed Unicode (no lone UTF-16 surrogate)';
  return undefined;
}

/**
 * What makes a parsed JSON body unfit before validation sees it: nesting deeper than MAX_JSON_DEPTH (thousands of
 * levels overflow the stack in the validation pipe), or a key or string PostgreSQL's text and jsonb refuse (a NUL
 * character, a lone UTF-16 surrogate such as `"\ud800"`). Iterative: the check itself cannot overflow. Returns
 * the message, or undefined when it is fine.
 */
export function bodyShapeProblem(body: unknown): string | undefined {
  const stack: { v: unknown; depth: number }[] = [{ v: body, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return `strings in the body ${problem}`;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return `the body is nested deeper than ${MAX_JSON_DEPTH} levels`;
    if (Array.isArray(v)) for (const x of v) stack.push({ v: x, depth: depth + 1 });
    else
      for (const [k, x] of Object.entries(v)) {
        const problem = textProblem(k);
        if (problem) return `keys in the body ${problem}`;
        stack.push({ v: x, depth: depth + 1 });
      }
  }
  return undefined;
}
