import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * A calendar date written `YYYY-MM-DD` (a label, not an instant: in this system, a day in Asia/Shanghai).
 * The one date type and the one check of the code base: request fields, job payloads, data files and the
 * engine's calendar all use these.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function existingDay(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/**
 * True for a well-formed date that exists, in years 0001–9999: what PostgreSQL's `date` accepts of this form
 * ('2026-02-30', '2026-02-29', '0000-01-01' and '2026-1-01' are false).
 */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  return !!m && existingDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** class-validator: the property is an `IsoDate` (message: "<property> must be an existing date YYYY-MM-DD"). */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDate',
      validator: { validate: (v) => isIsoDate(v), defaultMessage: (a) => `${a?.property} must be an existing date YYYY-MM-DD` },
    },
    options,
  );
}
