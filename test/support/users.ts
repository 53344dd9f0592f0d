import { signTestToken as signToken } from '../../libs/auth/src/testing/tokens';
import type { Dept, Role } from '../../libs/contracts/src/enums';
import { makeCreditCode } from '../../libs/contracts/src/testing/credit-codes';
import { JWT_SECRET } from './system';

let seq = 1;

/** Test users: tokens as the portal's identity provider would sign them. */
export function anApplicant(over: { creditCode?: string; name?: string; id?: string } = {}) {
  const n = seq++;
  const creditCode = over.creditCode ?? makeCreditCode(1000 + n + Math.floor(Math.random() * 1e6));
  const user = { id: over.id ?? `ent-user-${n}-${Date.now()}`, name: over.name ?? `Enterprise ${n}`, roles: ['applicant' as Role], creditCode };
  return { ...user, token: signToken(user, JWT_SECRET), auth: `Bearer ${signToken(user, JWT_SECRET)}` };
}

export function aStaff(dept: Dept, roles: Role[] = ['officer'], id?: string) {
  const user = { id: id ?? `staff-${dept}-${seq++}`, name: `Staff of ${dept}`, roles, dept };
  return { ...user, auth: `Bearer ${signToken(user, JWT_SECRET)}` };
}

export function anAdmin() {
  const user = { id: `admin-${seq++}`, name: 'Admin', roles: ['admin' as Role], dept: 'approval' as Dept };
  return { ...user, auth: `Bearer ${signToken(user, JWT_SECRET)}` };
}

export function anAuditor() {
  const user = { id: `auditor-${seq++}`, name: 'Auditor', roles: ['auditor' as Role] };
  return { ...user, auth: `Bearer ${signToken(user, JWT_SECRET)}` };
}
