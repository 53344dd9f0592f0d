// The small condition language of the classification data files, and its three-valued evaluation.
//
// In the JSON files a condition is one of
//   { "always": true }
//   { "all": [c, …] }   { "any": [c, …] }   { "not": c }
//   { "attr": "capacity", "gte": 5000 }   (also "gt", "lte", "lt": numbers only)
//   { "attr": "sensitiveArea", "eq": true }
//   { "attr": "fuel", "in": ["coal", "oil"] }
// over project attributes declared, with their types, in the same file. A missing attribute makes a comparison
// unknown rather than false (Kleene logic), so that a category is never decided by a fact nobody gave.

export type AttributeType = 'boolean' | 'number' | 'string';
export type Scalar = boolean | number | string;

export interface AttributeSpec {
  type: AttributeType;
  description: string;
  /** For string attributes: the allowed values. */
  values?: readonly string[];
}

export type Comparison = 'eq' | 'gte' | 'gt' | 'lte' | 'lt';

export type Condition =
  | { readonly kind: 'always' }
  | { readonly kind: 'all' | 'any'; readonly of: readonly Condition[] }
  | { readonly kind: 'not'; readonly of: Condition }
  | { readonly kind: 'compare'; readonly attr: string; readonly op: Comparison; readonly value: Scalar }
  | { readonly kind: 'in'; readonly attr: string; readonly values: readonly Scalar[] };

/** true, false, or unknown together with the attributes whose absence left it unknown. */
export type Truth = { readonly value: boolean } | { readonly value: 'unknown'; readonly missing: readonly string[] };

export type Attributes = Readonly<Record<string, Scalar | undefined>>;

const TRUE: Truth = { value: true };
const FALSE: Truth = { value: false };

export function evaluate(condition: Condition, attributes: Attributes): Truth {
  switch (condition.kind) {
    case 'always':
      return TRUE;
    case 'not': {
      const inner = evaluate(condition.of, attributes);
      return inner.value === 'unknown' ? inner : inner.value ? FALSE : TRUE;
    }
    case 'all':
    case 'any': {
      // all: one false decides; any: one true decides; otherwise an unknown part leaves the whole unknown.
      const decisive = condition.kind === 'any';
      const missing: string[] = [];
      for (const part of condition.of) {
        const truth = evaluate(part, attributes);
        if (truth.value === decisive) return truth;
        if (truth.value === 'unknown') missing.push(...truth.missing);
      }
      return missing.length > 0 ? { value: 'unknown', missing: [...new Set(missing)] } : decisive ? FALSE : TRUE;
    }
    case 'compare':
    case 'in': {
      const actual = attributes[condition.attr];
      if (actual === undefined) return { value: 'unknown', missing: [condition.attr] };
      return condition.kind === 'in' ? truth(condition.values.includes(actual)) : truth(compare(actual, condition.op, condition.value));
    }
  }
}

function truth(value: boolean): Truth {
  return value ? TRUE : FALSE;
}

function compare(actual: Scalar, op: Comparison, expected: Scalar): boolean {
  if (op === 'eq') return actual === expected;
  if (typeof actual !== 'number' || typeof expected !== 'number') return false; // the loader allows numbers only
  switch (op) {
    case 'gte':
      return actual >= expected;
    case 'gt':
      return actual > expected;
    case 'lte':
      return actual <= expected;
    case 'lt':
      return actual < expected;
  }
}

const OP_SYMBOL: Record<Comparison, string> = { eq: '=', gte: '>=', gt: '>', lte: '<=', lt: '<' };

/** A one-line rendering for rule texts: `includesPlating = true or solventCoatingTonnes >= 10`. */
export function describeCondition(condition: Condition, nested = false): string {
  switch (condition.kind) {
    case 'always':
      return 'always';
    case 'not':
      return `not ${describeCondition(condition.of, true)}`;
    case 'all':
    case 'any': {
      const text = condition.of.map((part) => describeCondition(part, true)).join(condition.kind === 'all' ? ' and ' : ' or ');
      return nested && condition.of.length > 1 ? `(${text})` : text;
    }
    case 'compare':
      return `${condition.attr} ${OP_SYMBOL[condition.op]} ${String(condition.value)}`;
    case 'in':
      return `${condition.attr} in (${condition.values.map(String).join(', ')})`;
  }
}

const COMPARISONS: readonly Comparison[] = ['eq', 'gte', 'gt', 'lte', 'lt'];
const OPERATOR_KEYS = ['always', 'all', 'any', 'not', 'in', ...COMPARISONS] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalarOf(value: unknown, spec: AttributeSpec): value is Scalar {
  if (spec.type === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (spec.type === 'string') return typeof value === 'string' && (spec.values === undefined || spec.values.includes(value));
  return typeof value === 'boolean';
}

function expectedOf(spec: AttributeSpec): string {
  return spec.type === 'string' && spec.values ? `one of ${spec.values.join(', ')}` : `a ${spec.type}`;
}

/**
 * Parses a condition from JSON, checking it against the declared attributes. Problems are pushed with their JSON
 * path; the result is undefined when there were any.
 */
export function parseCondition(
  raw: unknown,
  path: string,
  attributes: ReadonlyMap<string, AttributeSpec>,
  problems: string[],
): Condition | undefined {
  const before = problems.length;
  const condition = parse(raw, path, attributes, problems);
  return problems.length === before ? condition : undefined;
}

function parse(raw: unknown, path: string, attributes: ReadonlyMap<string, AttributeSpec>, problems: string[]): Condition | undefined {
  if (!isRecord(raw)) {
    problems.push(`${path}: a condition must be an object`);
    return undefined;
  }
  const operators = OPERATOR_KEYS.filter((key) => key in raw);
  const stray = Object.keys(raw).filter((key) => key !== 'attr' && !(OPERATOR_KEYS as readonly string[]).includes(key));
  if (stray.length > 0) problems.push(`${path}: unknown key(s) ${stray.join(', ')} (use ${OPERATOR_KEYS.join(', ')} and attr)`);
  if (operators.length !== 1) {
    problems.push(`${path}: a condition needs exactly one of ${OPERATOR_KEYS.join(', ')}, found ${operators.length === 0 ? 'none' : operators.join(', ')}`);
    return undefined;
  }
  const [op] = operators;
  if ((op === 'always' || op === 'all' || op === 'any' || op === 'not') && 'attr' in raw) {
    problems.push(`${path}: "attr" goes with a comparison, not with "${op}"`);
  }
  switch (op) {
    case 'always':
      if (raw.always !== true) problems.push(`${path}.always: must be true`);
      return { kind: 'always' };
    case 'not': {
      const of = parse(raw.not, `${path}.not`, attributes, problems);
      return of && { kind: 'not', of };
    }
    case 'all':
    case 'any': {
      const parts = raw[op];
      if (!Array.isArray(parts) || parts.length === 0) {
        problems.push(`${path}.${op}: must be a non-empty array of conditions`);
        return undefined;
      }
      const items: readonly unknown[] = parts;
      const of = items.map((part, i) => parse(part, `${path}.${op}[${i}]`, attributes, problems));
      return of.every((c): c is Condition => c !== undefined) ? { kind: op, of } : undefined;
    }
    default:
      return parseComparison(raw, op, path, attributes, problems);
  }
}

function parseComparison(
  raw: Record<string, unknown>,
  op: Comparison | 'in',
  path: string,
  attributes: ReadonlyMap<string, AttributeSpec>,
  problems: string[],
): Condition | undefined {
  const attr = raw.attr;
  if (typeof attr !== 'string') {
    problems.push(`${path}.attr: "${op}" needs the name of an attribute`);
    return undefined;
  }
  const spec = attributes.get(attr);
  if (!spec) {
    problems.push(`${path}.attr: "${attr}" is not a declared attribute (declared: ${[...attributes.keys()].join(', ')})`);
    return undefined;
  }
  if (op === 'in') {
    const values = raw.in;
    if (!Array.isArray(values) || values.length === 0) {
      problems.push(`${path}.in: must be a non-empty array`);
      return undefined;
    }
    const list: readonly unknown[] = values;
    const bad = list.filter((v) => !isScalarOf(v, spec));
    if (bad.length > 0) {
      problems.push(`${path}.in: ${attr} takes ${expectedOf(spec)}, not ${bad.map((v) => JSON.stringify(v)).join(', ')}`);
      return undefined;
    }
    return { kind: 'in', attr, values: list.filter((v) => isScalarOf(v, spec)) };
  }
  const value = raw[op];
  if (op !== 'eq' && spec.type !== 'number') {
    problems.push(`${path}.${op}: ${attr} is a ${spec.type}; only numbers take ${op}`);
    return undefined;
  }
  if (!isScalarOf(value, spec)) {
    problems.push(`${path}.${op}: ${attr} takes ${expectedOf(spec)}, not ${JSON.stringify(value)}`);
    return undefined;
  }
  return { kind: 'compare', attr, op, value };
}

/** Checks one project attribute value against its declaration; returns a problem or null. */
export function attributeValueProblem(name: string, value: unknown, spec: AttributeSpec): string | null {
  return isScalarOf(value, spec) ? null : `${name} must be ${expectedOf(spec)}, got ${JSON.stringify(value)}`;
}
