import { createSecretKey, KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { AuthUser } from './user';

export class InvalidToken extends Error {}

export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)$/i.exec(value ?? '');
  return match?.[1];
}

/** The claims a token carries for a user: `sub` is its id, the rest as they are. */
export function claimsOf(user: AuthUser): Record<string, unknown> {
  const { id, ...rest } = user;
  return { ...rest, sub: id };
}

/** An HS256 secret as the key object jose signs and verifies with. */
export function hs256Key(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/** Signs an HS256 token (with `iat` and `exp`): the development sign-in, `npm run token` and local tooling. Services verify with TokenVerifier. */
export function signToken(user: AuthUser, secret: string, expiresInSeconds = 3600): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT(claimsOf(user))
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + expiresInSeconds)
    .sign(hs256Key(secret));
}
