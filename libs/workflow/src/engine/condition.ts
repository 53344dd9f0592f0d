// Gateway conditions: a small JSON predicate language evaluated against `{ data }`. No eval.
import type { Condition, Scalar } from './definition';

export const CONDITION_ROOT = 'data';

export function evaluate(condition: Condition, data: Record<string, unknown>): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluate(c, data));
  if ('any' in condition) return condition.any.some((c) => evaluate(c, data));
  if ('not' in condition) return !evaluate(condition.not, data);
  const value = readField(condition.field, data);
  if ('eq' in condition) return value === condition.eq;
  return condition.in.some((candidate) => candidate === value);
}

/** Reads `data.a.b` from the case data; anything missing or not an object on the way is `undefined`. */
export function readField(field: string, data: Record<string, unknown>): unknown {
  const [root, ...path] = field.split('.');
  if (root !== CONDITION_ROOT) return undefined;
  let current: unknown = data;
  for (const key of path) {
    if (!isPlainObject(current) || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** Problems in a condition's shape, for the definition validator. */
export function conditionProblems(condition: unknown): string[] {
  if (!isPlainObject(condition)) return ['a condition must be an object'];
  if ('all' in condition || 'any' in condition) {
    const list = 'all' in condition ? condition.all : condition.any;
    if (!Array.isArray(list) || list.length === 0) return ['all/any needs a non-empty list of conditions'];
    return list.flatMap(conditionProblems);
  }
  if ('not' in condition) return conditionProblems(condition.not);
  return fieldConditionProblems(condition);
}

function fieldConditionProblems(condition: Record<string, unknown>): string[] {
  const { field } = condition;
  const problems: string[] = [];
  if (typeof field !== 'string' || !field.startsWith(`${CONDITION_ROOT}.`) || field.split('.').some((p) => p === '')) {
    problems.push(`field must be a dotted path starting with "${CONDITION_ROOT}." (got ${JSON.stringify(field)})`);
  }
  if ('eq' in condition) {
    if (!isScalar(condition.eq)) problems.push('eq must be a string, number, boolean or null');
  } else if ('in' in condition) {
    if (!Array.isArray(condition.in) || condition.in.length === 0 || !condition.in.every(isScalar)) {
      problems.push('in must be a non-empty list of strings, numbers, booleans or null');
    }
  } else {
    problems.push('a field condition needs eq or in');
  }
  return problems;
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
