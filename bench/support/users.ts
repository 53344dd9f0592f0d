import { signTestToken as signToken } from '@permits/auth/testing/tokens';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar } from '@permits/contracts/credit-code';
import type { Dept, Role } from '@permits/contracts/enums';
import { JWT_SECRET } from './system';

export interface BenchUser {
  id: string;
  auth: string;
  creditCode?: string;
  dept?: Dept;
}

/** A valid unified social credit code for enterprise number n (91 + a Hohhot division + an 8+1 body + check). */
export function creditCode(n: number): string {
  let body = '';
  let x = n + 7_654_321;
  for (let i = 0; i < 9; i++) {
    body = CREDIT_CODE_ALPHABET[x % CREDIT_CODE_ALPHABET.length] + body;
    x = Math.floor(x / CREDIT_CODE_ALPHABET.length);
  }
  const first17 = `91150102${body}`;
  return first17 + creditCodeCheckChar(first17);
}

const HOURS = 6 * 3600;

export function applicant(n: number): BenchUser {
  const code = creditCode(n);
  const user = { id: `bench-ent-${n}`, name: `Bench Enterprise ${n}`, roles: ['applicant' as Role], creditCode: code };
  return { id: user.id, creditCode: code, auth: `Bearer ${signToken(user, JWT_SECRET, HOURS)}` };
}

export function staff(dept: Dept, roles: Role[] = ['officer'], id = `bench-${dept}`): BenchUser {
  const user = { id, name: `Bench staff of ${dept}`, roles, dept };
  return { id, dept, auth: `Bearer ${signToken(user, JWT_SECRET, HOURS)}` };
}

export function admin(): BenchUser {
  const user = { id: 'bench-admin', name: 'Bench admin', roles: ['admin' as Role], dept: 'approval' as Dept };
  return { id: user.id, auth: `Bearer ${signToken(user, JWT_SECRET, HOURS)}` };
}
