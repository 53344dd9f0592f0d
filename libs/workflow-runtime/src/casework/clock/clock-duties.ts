import type { AuthUser } from '@permits/auth';
import { hasRole, isStaff } from '@permits/auth';
import { DomainError } from '@permits/core';
import type { CaseRuntime } from '../../case-runtime';
import type { CaseworkQueries } from '../../casework.queries';
import { DECISION_KINDS } from '../../duties/duty-policy';
import type { CaseRow } from '../../entities';

/** API.md: the clock is changed by staff of a department that holds an open task of the case, or by a head. */
export async function mayTouchClock(queries: CaseworkQueries, user: AuthUser, caseId: string): Promise<void> {
  await queries.visibleCase(caseId, user);
  if (hasRole(user, 'head', 'admin')) return;
  if (!isStaff(user) || !user.dept || !(await queries.deptHoldsOpenTask(caseId, user.dept))) {
    throw new DomainError('FORBIDDEN', 'only a department holding an open task of this case, or a head, may change its clock');
  }
}

/**
 * API.md: an extension is granted by a head of the department holding the case's decision step (another
 * department's head: 403), and never where a special law sets the limit (the catalog's `extendable: false`,
 * carried in the case data: 409 EXTENSION_NOT_ALLOWED). Checked with the case locked.
 */
export function mayExtend(runtime: CaseRuntime, user: AuthUser, row: CaseRow): void {
  const def = runtime.definition(row.definitionKey, row.definitionVersion);
  const decision = def?.steps.find((s) => s.kind === 'task' && DECISION_KINDS.includes(s.taskKind));
  if (!decision || decision.kind !== 'task' || !hasRole(user, 'head') || user.dept !== decision.dept) {
    throw new DomainError(
      'FORBIDDEN',
      decision?.kind === 'task'
        ? `only a head of department ${decision.dept} (the decision) may extend this case`
        : 'this case has no decision step to extend the limit of',
    );
  }
  if (row.state.data?.extendable === false)
    throw new DomainError(
      'EXTENSION_NOT_ALLOWED',
      'the statutory limit of this case is set by a special law, not by art. 42 of the Administrative License Law: it cannot be extended',
    );
}
