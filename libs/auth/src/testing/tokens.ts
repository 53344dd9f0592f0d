import { createHmac } from 'node:crypto';
import { base64url } from 'jose';
import { claimsOf } from '../jwt';
import { AuthUser } from '../user';

/**
 * The token `signToken` (jose's SignJWT) makes, made synchronously: test and bench fixtures build users in
 * hundreds of synchronous places (`anApplicant()`, `staff('eia')`). The same bytes as jose's (tokens.spec.ts
 * compares them), encoded with jose's base64url; nothing outside fixtures signs with it, and every token is
 * verified by jose (TokenVerifier).
 */
export function signTestToken(user: AuthUser, secret: string, expiresInSeconds = 3600, iat = Math.floor(Date.now() / 1000)): string {
  const part = (value: object) => base64url.encode(JSON.stringify(value));
  const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ ...claimsOf(user), iat, exp: iat + expiresInSeconds })}`;
  return `${input}.${base64url.encode(createHmac('sha256', secret).update(input).digest())}`;
}
