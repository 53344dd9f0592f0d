import { KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, JWTPayload, jwtVerify, JWTVerifyOptions } from 'jose';
import { isValidCreditCode } from '@permits/contracts/credit-code';
import { AuthUser, userFromClaims } from './user';
import { bearerToken, hs256Key, InvalidToken } from './jwt';

export interface TokenSettings {
  /** HS256 secret; empty: HS256 tokens are refused (only the JWKS's tokens count). */
  JWT_SECRET?: string;
  /** When set, a token's `iss` must equal it. */
  JWT_ISSUER?: string;
  /** When set, a token's `aud` must hold it. */
  JWT_AUDIENCE?: string;
  /** The identity provider's JSON Web Key Set: RS256 and ES256 tokens signed by one of its keys are accepted. */
  JWT_JWKS_URL?: string;
}

const ASYMMETRIC = ['RS256', 'ES256'];

/**
 * Checks bearer tokens: HS256 with the shared secret, or RS256/ES256 against the identity provider's JWKS (jose
 * fetches and caches the key set, refetching on an unknown `kid`). Every token must carry `exp`; `iss` and `aud`
 * are checked when configured. One verification per request: `forRequest` keeps the answer on the request, so the
 * rate limiter and the auth guard of one process share it.
 */
export class TokenVerifier {
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;
  private readonly perRequest = new WeakMap<object, Promise<AuthUser>>();
  /**
   * The HS256 secret as a key object, made once: given bytes, jose would make a secret key object on every
   * verification (and jsonwebtoken, given a string, first tried it as a PEM public key: ~2 ms of CPU each time).
   */
  private readonly hsKey?: KeyObject;

  constructor(private readonly settings: TokenSettings) {
    if (settings.JWT_SECRET) this.hsKey = hs256Key(settings.JWT_SECRET);
    if (settings.JWT_JWKS_URL) this.jwks = createRemoteJWKSet(new URL(settings.JWT_JWKS_URL), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  }

  /** The request's user, verified once however many times it is asked for; rejects with InvalidToken. */
  forRequest(req: { headers: { authorization?: string | string[] } }): Promise<AuthUser> {
    let found = this.perRequest.get(req);
    if (!found) {
      const token = bearerToken(req.headers.authorization);
      found = token ? this.verify(token) : Promise.reject(new InvalidToken('missing bearer token'));
      found.catch(() => undefined); // a caller that does not ask must not leave an unhandled rejection
      this.perRequest.set(req, found);
    }
    return found;
  }

  async verify(token: string): Promise<AuthUser> {
    const alg = headerAlg(token);
    const claims = alg === 'HS256' ? await this.verifyHs256(token) : ASYMMETRIC.includes(alg ?? '') && this.jwks ? await this.verifyJwks(token) : undefined;
    if (!claims) throw new InvalidToken('invalid token');
    if (typeof claims.exp !== 'number') throw new InvalidToken('token has no exp');
    const user = userFromClaims(claims);
    if (typeof user === 'string') throw new InvalidToken(user);
    if (user.creditCode && !isValidCreditCode(user.creditCode)) throw new InvalidToken('token creditCode is not a valid unified social credit code');
    return user;
  }

  private async verifyHs256(token: string): Promise<JWTPayload | undefined> {
    if (!this.hsKey) return undefined;
    return this.checked(() => jwtVerify(token, this.hsKey!, this.options(['HS256'])));
  }

  private verifyJwks(token: string): Promise<JWTPayload | undefined> {
    return this.checked(() => jwtVerify(token, this.jwks!, this.options(ASYMMETRIC)));
  }

  private options(algorithms: string[]): JWTVerifyOptions {
    return {
      algorithms,
      ...(this.settings.JWT_ISSUER ? { issuer: this.settings.JWT_ISSUER } : {}),
      ...(this.settings.JWT_AUDIENCE ? { audience: this.settings.JWT_AUDIENCE } : {}),
    };
  }

  /** The verified claims; undefined for a bad signature or a malformed token; InvalidToken with the reason for an expired token or another issuer or audience. */
  private async checked(verify: () => Promise<{ payload: JWTPayload }>): Promise<JWTPayload | undefined> {
    try {
      return (await verify()).payload;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new InvalidToken('token expired');
      if (err instanceof joseErrors.JWTClaimValidationFailed && (err.claim === 'iss' || err.claim === 'aud'))
        throw new InvalidToken(`token ${err.claim === 'aud' ? 'audience' : 'issuer'} is not accepted`);
      return undefined;
    }
  }
}

function headerAlg(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header.alg === 'string' ? header.alg : undefined;
  } catch {
    return undefined;
  }
}
