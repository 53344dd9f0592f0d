// The one condition language: JSON predicates for workflow gateways (over the case data) and for the EIA
// classification directory (over a project's declared attributes). Pure, no eval.
//
// A condition is one of
//   { "always": true }
//   { "all": [c, …] }   { "any": [c, …] }   { "not": c }
//   { <subject>, "eq": v }   { <subject>, "in": [v, …] }   { <subject>, "gte" | "gt" | "lte" | "lt": n }
// and its subject is what the vocabulary it is checked against offers:
//   "field": "data.a.b"   a dotted path into the case data (gateways). The data is all there is: a path that is absent
//                         reads as absent (equal to nothing, in no list, no number), so a field is never unknown;
//   "attr": "capacity"    a project attribute declared with its type (the directory). An attribute nobody stated makes
//                         the comparison unknown rather than false (Kleene logic), so that nothing is decided by a fact
//                         nobody gave.
// `gte`, `gt`, `lte` and `lt` compare numbers only.

export type Scalar = string | number | boolean | null;
export type Comparison = 'eq' | 'gte' | 'gt' | 'lte' | 'lt';

/** What a comparison reads: a path in the case data, or a declared attribute. */
export type Subject = { field: string } | { attr: string };
export type Test = { eq: Scalar } | { in: Scalar[] } | { gte: number } | { gt: number } | { lte: number } | { lt: number };
export type Comparing = Subject & Test;
export type Condition = { always: true } | { all: Condition[] } | { any: Condition[] } | { not: Condition } | Comparing;

export type AttributeType = 'boolean' | 'number' | 'string';
export type AttributeValue = boolean | number | string;

export interface AttributeSpec {
  type: AttributeType;
  description: string;
  /** For string attributes: the allowed values. */
  values?: readonly string[];
}

/** The subjects a condition may name: the case data's fields, or the given declared attributes. */
export type Vocabulary = { readonly caseData: true } | { readonly attributes: ReadonlyMap<string, AttributeSpec> };

/** Gateways: conditions over `data.…` paths of the case data. */
export const CASE_DATA: Vocabulary = { caseData: true };

/** What a condition is evaluated against: the case data for `field`, the stated attributes for `attr`. */
export interface Facts {
  readonly data?: Readonly<Record<string, unknown>>;
  readonly attributes?: Attributes;
}

export type Attributes = Readonly<Record<string, AttributeValue | undefined>>;

/** true, false, or unknown together with the attributes whose absence left it unknown. */
export type Truth = { readonly value: boolean } | { readonly value: 'unknown'; readonly missing: readonly string[] };

export const CONDITION_ROOT = 'data';

const TRUE: Truth = { value: true };
const FALSE: Truth = { value: false };

export function evaluate(condition: Condition, facts: Facts): Truth {
  if ('always' in condition) return TRUE;
  if ('not' in condition) {
    const inner = evaluate(condition.not, facts);
    return inner.value === 'unknown' ? inner : truth(!inner.value);
  }
  if ('all' in condition || 'any' in condition) {
    // all: one false decides; any: one true decides; otherwise an unknown part leaves the whole unknown.
    const decisive = 'any' in condition;
    const parts = 'any' in condition ? condition.any : condition.all;
    const missing: string[] = [];
    for (const part of parts) {
      const result = evaluate(part, facts);
      if (result.value === decisive) return result;
      if (result.value === 'unknown') missing.push(...result.missing);
    }
    return missing.length > 0 ? { value: 'unknown', missing: [...new Set(missing)] } : truth(!decisive);
  }
  let actual: unknown;
  if ('field' in condition) {
    actual = readField(condition.field, facts.data ?? {});
  } else {
    actual = facts.attributes?.[condition.attr];
    if (actual === undefined) return { value: 'unknown', missing: [condition.attr] };
  }
  const test = testOf(condition);
  return truth(test.op === 'in' ? test.values.some((candidate) => candidate === actual) : compare(actual, test.op, test.value));
}

function truth(value: boolean): Truth {
  return value ? TRUE : FALSE;
}

function compare(actual: unknown, op: Comparison, expected: Scalar): boolean {
  if (op === 'eq') return actual === expected;
  if (typeof actual !== 'number' || typeof expected !== 'number') return false; // the validator allows numbers only
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

function testOf(condition: Comparing): { op: Comparison; value: Scalar } | { op: 'in'; values: readonly Scalar[] } {
  if ('in' in condition) return { op: 'in', values: condition.in };
  if ('eq' in condition) return { op: 'eq', value: condition.eq };
  if ('gte' in condition) return { op: 'gte', value: condition.gte };
  if ('gt' in condition) return { op: 'gt', value: condition.gt };
  if ('lte' in condition) return { op: 'lte', value: condition.lte };
  return { op: 'lt', value: condition.lt };
}

/** Reads `data.a.b` from the case data; anything missing or not an object on the way is `undefined`. */
export function readField(field: string, data: Readonly<Record<string, unknown>>): unknown {
  const [root, ...path] = field.split('.');
  if (root !== CONDITION_ROOT) return undefined;
  let current: unknown = data;
  for (const key of path) {
    if (!isPlainObject(current) || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

const OP_SYMBOL: Record<Comparison, string> = { eq: '=', gte: '>=', gt: '>', lte: '<=', lt: '<' };

/** A one-line rendering for rule texts and diagram labels: `includesPlating = true or solventCoatingTonnes >= 10`. */
export function describeCondition(condition: Condition, nested = false): string {
  if ('always' in condition) return 'always';
  if ('not' in condition) return `not ${describeCondition(condition.not, true)}`;
  if ('all' in condition || 'any' in condition) {
    const parts = 'all' in condition ? condition.all : condition.any;
    const text = parts.map((part) => describeCondition(part, true)).join('all' in condition ? ' and ' : ' or ');
    return nested && parts.length > 1 ? `(${text})` : text;
  }
  const subject = 'field' in condition ? condition.field : condition.attr;
  const test = testOf(condition);
  return test.op === 'in' ? `${subject} in (${test.values.map(String).join(', ')})` : `${subject} ${OP_SYMBOL[test.op]} ${String(test.value)}`;
}

const COMPARISONS: readonly Comparison[] = ['eq', 'gte', 'gt', 'lte', 'lt'];
const OPERATOR_KEYS: readonly string[] = ['always', 'all', 'any', 'not', 'in', ...COMPARISONS];

/** The subject key a vocabulary offers: `field` for the case data, `attr` for declared attributes. */
function subjectKey(vocabulary: Vocabulary): 'field' | 'attr' {
  return 'caseData' in vocabulary ? 'field' : 'attr';
}

/** A value's expected type: a declared attribute's, or (undefined) any scalar, for a case-data field. */
type ValueSpec = Pick<AttributeSpec, 'type' | 'values'> | undefined;
const NUMBER: ValueSpec = { type: 'number' };

function isValueOf(value: unknown, spec: ValueSpec): value is Scalar {
  if (spec === undefined) return value === null || ['string', 'number', 'boolean'].includes(typeof value);
  if (spec.type === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (spec.type === 'string') return typeof value === 'string' && (spec.values === undefined || spec.values.includes(value));
  return typeof value === 'boolean';
}

function expectedOf(spec: ValueSpec): string {
  if (spec === undefined) return 'a string, number, boolean or null';
  return spec.type === 'string' && spec.values ? `one of ${spec.values.join(', ')}` : `a ${spec.type}`;
}

/** `path: message`, or the message alone at the top of an unnamed condition. */
function at(path: string, message: string): string {
  return path === '' ? message : `${path}: ${message}`;
}

function child(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * The one validator of condition JSON, for gateway routes (vocabulary CASE_DATA) and the classification directory
 * (its declared attributes). Problems are pushed with their JSON path (none for '' at the top); the result is
 * undefined when there were any.
 */
export function parseCondition(raw: unknown, path: string, vocabulary: Vocabulary, problems: string[]): Condition | undefined {
  const before = problems.length;
  const condition = parse(raw, path, vocabulary, problems);
  return problems.length === before ? condition : undefined;
}

/** Every problem of a condition, for the definition validator; none when it is well formed. */
export function conditionProblems(raw: unknown, vocabulary: Vocabulary = CASE_DATA, path = ''): string[] {
  const problems: string[] = [];
  parseCondition(raw, path, vocabulary, problems);
  return problems;
}

function parse(raw: unknown, path: string, vocabulary: Vocabulary, problems: string[]): Condition | undefined {
  if (!isPlainObject(raw)) {
    problems.push(at(path, 'a condition must be an object'));
    return undefined;
  }
  const subject = subjectKey(vocabulary);
  const operators = OPERATOR_KEYS.filter((key) => key in raw);
  const stray = Object.keys(raw).filter((key) => key !== subject && !OPERATOR_KEYS.includes(key));
  if (stray.length > 0) problems.push(at(path, `unknown key(s) ${stray.join(', ')} (use ${OPERATOR_KEYS.join(', ')} and ${subject})`));
  if (operators.length !== 1) {
    problems.push(at(path, `a condition needs exactly one of ${OPERATOR_KEYS.join(', ')}, found ${operators.length === 0 ? 'none' : operators.join(', ')}`));
    return undefined;
  }
  const [op] = operators;
  if ((op === 'always' || op === 'all' || op === 'any' || op === 'not') && subject in raw) {
    problems.push(at(path, `"${subject}" goes with a comparison, not with "${op}"`));
  }
  switch (op) {
    case 'always':
      if (raw.always !== true) problems.push(at(child(path, 'always'), 'must be true'));
      return { always: true };
    case 'not': {
      const inner = parse(raw.not, child(path, 'not'), vocabulary, problems);
      return inner && { not: inner };
    }
    case 'all':
    case 'any': {
      const parts = raw[op];
      if (!Array.isArray(parts) || parts.length === 0) {
        problems.push(at(child(path, op), 'must be a non-empty array of conditions'));
        return undefined;
      }
      const items: readonly unknown[] = parts;
      const of = items.map((part, i) => parse(part, `${child(path, op)}[${i}]`, vocabulary, problems));
      if (!of.every((c): c is Condition => c !== undefined)) return undefined;
      return op === 'all' ? { all: of } : { any: of };
    }
    default:
      return parseComparison(raw, op, path, vocabulary, problems);
  }
}

function parseComparison(raw: Record<string, unknown>, op: string, path: string, vocabulary: Vocabulary, problems: string[]): Comparing | undefined {
  const resolved = 'caseData' in vocabulary ? fieldSubject(raw.field, path, problems) : attrSubject(raw.attr, op, path, vocabulary.attributes, problems);
  if (!resolved) return undefined;
  const { subject, name, spec } = resolved;
  if (op === 'in') {
    const values = raw.in;
    if (!Array.isArray(values) || values.length === 0) {
      problems.push(at(child(path, 'in'), 'must be a non-empty array'));
      return undefined;
    }
    const list: readonly unknown[] = values;
    const bad = list.filter((v) => !isValueOf(v, spec));
    if (bad.length > 0) {
      problems.push(at(child(path, 'in'), `${name} takes ${expectedOf(spec)}, not ${bad.map((v) => JSON.stringify(v)).join(', ')}`));
      return undefined;
    }
    return { ...subject, in: list.filter((v) => isValueOf(v, spec)) };
  }
  const value = raw[op];
  if (op === 'eq') {
    if (!isValueOf(value, spec)) {
      problems.push(at(child(path, op), `${name} takes ${expectedOf(spec)}, not ${JSON.stringify(value)}`));
      return undefined;
    }
    return { ...subject, eq: value };
  }
  if (spec !== undefined && spec.type !== 'number') {
    problems.push(at(child(path, op), `${name} is a ${spec.type}; only numbers take ${op}`));
    return undefined;
  }
  if (typeof value !== 'number' || !isValueOf(value, NUMBER)) {
    problems.push(at(child(path, op), `${name} takes ${expectedOf(NUMBER)}, not ${JSON.stringify(value)}`));
    return undefined;
  }
  switch (op) {
    case 'gte':
      return { ...subject, gte: value };
    case 'gt':
      return { ...subject, gt: value };
    case 'lte':
      return { ...subject, lte: value };
    default:
      return { ...subject, lt: value };
  }
}

interface Resolved {
  readonly subject: Subject;
  readonly name: string;
  readonly spec: ValueSpec;
}

function fieldSubject(field: unknown, path: string, problems: string[]): Resolved | undefined {
  if (typeof field !== 'string' || !field.startsWith(`${CONDITION_ROOT}.`) || field.split('.').some((p) => p === '')) {
    problems.push(`${child(path, 'field')} must be a dotted path starting with "${CONDITION_ROOT}." (got ${JSON.stringify(field)})`);
    return undefined;
  }
  return { subject: { field }, name: field, spec: undefined };
}

function attrSubject(attr: unknown, op: string, path: string, attributes: ReadonlyMap<string, AttributeSpec>, problems: string[]): Resolved | undefined {
  if (typeof attr !== 'string') {
    problems.push(at(child(path, 'attr'), `"${op}" needs the name of an attribute`));
    return undefined;
  }
  const spec = attributes.get(attr);
  if (!spec) {
    problems.push(at(child(path, 'attr'), `"${attr}" is not a declared attribute (declared: ${[...attributes.keys()].join(', ')})`));
    return undefined;
  }
  return { subject: { attr }, name: attr, spec };
}

/** Checks one project attribute value against its declaration; returns a problem or null. */
export function attributeValueProblem(name: string, value: unknown, spec: AttributeSpec): string | null {
  return isValueOf(value, spec) ? null : `${name} must be ${expectedOf(spec)}, got ${JSON.stringify(value)}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
