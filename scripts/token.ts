// `npm run token -- --role officer --dept eia`: prints a bearer token signed with JWT_SECRET, for trying the
// API in /docs during development. Refuses when NODE_ENV=production.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { signToken } from '@permits/auth';
import type { AuthUser } from '@permits/auth';
import { BaseConfig, ConfigError, loadConfig, WithTokenVerification } from '@permits/config';
import { isValidCreditCode } from '@permits/contracts/credit-code';
import { DEPARTMENTS, Dept, Role, ROLES } from '@permits/contracts/enums';

const USAGE =
  'usage: npm run token -- --role <applicant|officer|head|admin|auditor>[,…] [--dept <department>] [--credit-code <code>] [--sub <user id>] [--name <name>] [--hours <1-720>]';

export class TokenRequestError extends Error {}

/** The token script signs with the same JWT_SECRET the processes that verify tokens use. */
class TokenConfig extends WithTokenVerification(BaseConfig) {}

/** The token a command line asks for (throws TokenRequestError naming what is wrong). */
export async function tokenFor(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  if (env.NODE_ENV === 'production') throw new TokenRequestError('npm run token is for development only: it refuses to sign tokens when NODE_ENV=production');
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        role: { type: 'string', multiple: true },
        dept: { type: 'string' },
        'credit-code': { type: 'string' },
        sub: { type: 'string' },
        name: { type: 'string' },
        hours: { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    throw new TokenRequestError(`${(err as Error).message}\n${USAGE}`);
  }
  const roles = (values.role ?? []).flatMap((r) => r.split(',')).filter(Boolean);
  if (roles.length === 0) throw new TokenRequestError(`--role is required\n${USAGE}`);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new TokenRequestError(`unknown role ${unknown.join(', ')}: one of ${ROLES.join(', ')}`);
  if (values.dept !== undefined && !(DEPARTMENTS as readonly string[]).includes(values.dept))
    throw new TokenRequestError(`unknown department ${values.dept}: one of ${DEPARTMENTS.join(', ')}`);
  const staff = roles.some((r) => r === 'officer' || r === 'head');
  if (staff && !values.dept) throw new TokenRequestError('--dept is required for officer and head tokens');
  const creditCode = values['credit-code'] ?? (roles.includes('applicant') ? '91350100M000100Y43' : undefined);
  if (creditCode && !isValidCreditCode(creditCode)) throw new TokenRequestError(`--credit-code ${creditCode} is not a valid unified social credit code`);
  const hours = values.hours === undefined ? 8 : Number(values.hours);
  if (!Number.isInteger(hours) || hours < 1 || hours > 720) throw new TokenRequestError('--hours must be a whole number from 1 to 720');
  let config: TokenConfig;
  try {
    config = loadConfig(TokenConfig, env);
  } catch (err) {
    throw new TokenRequestError(err instanceof ConfigError ? err.message : String(err));
  }
  const id = values.sub ?? `dev-${roles[0]}${values.dept ? `-${values.dept}` : ''}`;
  const user: AuthUser = {
    id,
    name: values.name ?? id,
    roles: roles as Role[],
    ...(values.dept ? { dept: values.dept as Dept } : {}),
    ...(creditCode ? { creditCode } : {}),
  };
  return signToken(user, config.JWT_SECRET, hours * 3600);
}

if (require.main === module) {
  tokenFor(process.argv.slice(2), process.env).then(
    (token) => console.log(token),
    (err: unknown) => {
      console.error(err instanceof TokenRequestError ? err.message : err);
      process.exit(2);
    },
  );
}
