import { Type } from 'class-transformer';
import { isIsoDate } from '@permits/core';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsDefined, IsObject, ValidateBy, ValidateNested, ValidationOptions } from 'class-validator';

/**
 * Instants a client sends, checked once here so every route refuses what PostgreSQL would refuse (a 30th of
 * February, year 0, a year past 9999) with a 400 instead of failing in the query. Days (YYYY-MM-DD): `IsIsoDate`
 * of @permits/core.
 */
const INSTANT = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2})))?$/;

/**
 * An ISO-8601 day or instant with a zone (`2026-03-01`, `2026-03-01T08:00:00Z`, `…+08:00`) whose date exists,
 * in years 1–9999, with hours < 24, minutes and seconds < 60, offsets ≤ 14:00.
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 40) return false;
  const m = INSTANT.exec(value);
  if (!m || !isIsoDate(m[1])) return false;
  if (m[2] !== undefined && (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59)) return false;
  if (m[5] !== undefined && (Number(m[5]) > 14 || Number(m[6]) > 59)) return false;
  return !Number.isNaN(Date.parse(value));
}

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: { validate: isInstant, defaultMessage: (a) => `${a?.property} must be an existing date YYYY-MM-DD or an ISO-8601 instant with a zone` },
    },
    options,
  );
}

function all(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

/** A required nested object (not an array, not null) validated as `cls`. */
export function NestedObject(cls: () => new () => object): PropertyDecorator {
  return all(IsDefined(), IsObject(), ValidateNested(), Type(cls));
}

/** An array of at most `max` objects (no arrays or scalars inside), each validated as `cls`. */
export function NestedArray(cls: () => new () => object, max: number): PropertyDecorator {
  return all(IsArray(), ArrayMaxSize(max), IsObject({ each: true }), ValidateNested({ each: true }), Type(cls));
}

/** An array of 1 to `max` objects, each validated as `cls`; empty, it is refused with "$property must list at least one `what`". */
export function NonEmptyNestedArray(cls: () => new () => object, max: number, what: string): PropertyDecorator {
  return all(NestedArray(cls, max), ArrayNotEmpty({ message: `$property must list at least one ${what}` }));
}
