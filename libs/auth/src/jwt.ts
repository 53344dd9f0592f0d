import * as jwt from 'jsonwebtoken';
import { isValidCreditCode } from '@permits/contracts/credit-code';
import { AuthUser, userFromClaims } from './user';

export class InvalidToken extends Error {}

/** Verifies an HS256 bearer token (which must carry `exp`) and returns its user; throws InvalidToken with the reason. Services use TokenVerifier. */
export function verifyToken(token: string, secret: string): AuthUser {
  let claims: string | jwt.JwtPayload;
  try {
    claims = jwt.verify(token, secret, { algorithms: ['HS256'] });
  } catch (err) {
    throw new InvalidToken(err instanceof jwt.TokenExpiredError ? 'token expired' : 'invalid token');
  }
  if (typeof claims === 'string') throw new InvalidToken('invalid token');
  if (typeof claims.exp !== 'number') throw new InvalidToken('token has no exp');
  const user = userFromClaims(claims);
  if (typeof user === 'string') throw new InvalidToken(user);
  if (user.creditCode && !isValidCreditCode(user.creditCode)) throw new InvalidToken('token creditCode is not a valid unified social credit code');
  return user;
}

export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)$/i.exec(value ?? '');
  return match?.[1];
}

/** Signs a token: for tests, the bench and local tooling. */
export function signToken(user: AuthUser, secret: string, expiresInSeconds = 3600): string {
  const { id, ...rest } = user;
  return jwt.sign({ ...rest, sub: id }, secret, { algorithm: 'HS256', expiresIn: expiresInSeconds });
}
