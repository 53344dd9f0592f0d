import { DEPARTMENTS, Dept, Role, ROLES } from '@permits/contracts/enums';

/** The caller, as the JWT describes them (API.md "Authentication"). */
export interface AuthUser {
  id: string;
  name: string;
  roles: Role[];
  dept?: Dept;
  creditCode?: string;
}

export const STAFF_ROLES: readonly Role[] = ['officer', 'head', 'admin', 'auditor'];

export function isStaff(user: AuthUser): boolean {
  return user.roles.some((r) => r === 'officer' || r === 'head' || r === 'admin');
}

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return user.roles.some((r) => roles.includes(r));
}

/**
 * What an id or name from a token may hold: it is stored and compared in PostgreSQL, which refuses NUL and a lone
 * UTF-16 surrogate (`\ud800` in the token's JSON; the `u` flag would take one as a character).
 */
// eslint-disable-next-line no-control-regex -- the control characters are what this pattern refuses
const PRINTABLE_CHARS = /^[^\u0000-\u001f\u007f]{1,200}$/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const PRINTABLE = { test: (s: string): boolean => PRINTABLE_CHARS.test(s) && !LONE_SURROGATE.test(s) };

/** Checks a decoded token's claims; returns the problem or the user. */
export function userFromClaims(claims: Record<string, unknown>): AuthUser | string {
  const { sub, name, roles, dept, creditCode } = claims;
  if (typeof sub !== 'string' || sub.length === 0) return 'token has no sub';
  if (!PRINTABLE.test(sub)) return 'token sub must be 1 to 200 characters without control characters';
  if (name !== undefined && (typeof name !== 'string' || !PRINTABLE.test(name))) return 'token name must be 1 to 200 characters without control characters';
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => (ROLES as readonly unknown[]).includes(r)))
    return 'token roles are missing or unknown';
  if (dept !== undefined && !(DEPARTMENTS as readonly unknown[]).includes(dept)) return 'token dept is unknown';
  if (creditCode !== undefined && (typeof creditCode !== 'string' || !PRINTABLE.test(creditCode)))
    return 'token creditCode must be 1 to 200 characters without control characters';
  const user: AuthUser = { id: sub, name: typeof name === 'string' ? name : sub, roles: roles as Role[] };
  if (dept !== undefined) user.dept = dept as Dept;
  if (creditCode !== undefined) user.creditCode = creditCode as string;
  if (user.roles.includes('applicant') && !user.creditCode) return 'applicant token has no creditCode';
  return user;
}
