import type { AuthUser } from '@permits/auth';

/** The recipients a caller reads for: themselves, their enterprise, their department, their roles. */
export function audiences(user: AuthUser): [string, string][] {
  const out: [string, string][] = [['user', user.id]];
  if (user.creditCode) out.push(['enterprise', user.creditCode]);
  if (user.dept && !user.roles.every((r) => r === 'applicant')) out.push(['dept', user.dept]);
  for (const r of user.roles) if (r !== 'applicant') out.push(['role', r]);
  return out;
}

/** `(recipient_type, recipient) IN (...)` over the caller's audiences, for `alias`, and its parameters. */
export function audienceFilter(user: AuthUser, alias?: string): { sql: string; params: Record<string, string> } {
  const aud = audiences(user);
  const col = (c: string) => (alias ? `${alias}.${c}` : c);
  return {
    sql: `(${col('recipient_type')}, ${col('recipient')}) IN (${aud.map((_, i) => `(:t${i}, :r${i})`).join(', ')})`,
    params: Object.fromEntries(
      aud.flatMap(([t, r], i) => [
        [`t${i}`, t],
        [`r${i}`, r],
      ]),
    ),
  };
}
