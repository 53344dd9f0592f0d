import { JWTPayload, SignJWT } from 'jose';
import { hs256Key, InvalidToken } from './jwt';
import { TokenVerifier } from './verifier';

const SECRET = 's'.repeat(40);
const claims = { sub: 'staff-1', name: 'Staff', roles: ['officer'], dept: 'window' };
/** An HS256 token; `exp` seconds from now unless `exp: null`, then without one. */
const sign = (payload: JWTPayload, opts: { exp?: number | null; iss?: string; aud?: string } = {}, secret = SECRET) => {
  const jwt = new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt();
  if (opts.exp !== null) jwt.setExpirationTime(Math.floor(Date.now() / 1000) + (opts.exp ?? 600));
  if (opts.iss) jwt.setIssuer(opts.iss);
  if (opts.aud) jwt.setAudience(opts.aud);
  return jwt.sign(hs256Key(secret));
};

describe(TokenVerifier.name, () => {
  it('accepts an HS256 token with exp and gives its user', async () => {
    await expect(new TokenVerifier({ JWT_SECRET: SECRET }).verify(await sign(claims))).resolves.toMatchObject({ id: 'staff-1', roles: ['officer'] });
  });

  it('refuses a token whose sub, name or creditCode PostgreSQL could not store (NUL, lone surrogate), and keeps a surrogate pair', async () => {
    const v = new TokenVerifier({ JWT_SECRET: SECRET });
    const applicant = { sub: 'ent-1', name: 'Enterprise', roles: ['applicant'], creditCode: '91350100M000100Y43' };
    for (const bad of [
      { sub: 'a\ud800' },
      { name: '\udc00b' },
      { name: 'x\u0000' },
      { creditCode: '9135\ud800' },
      { creditCode: 'a\u0000b' },
      { creditCode: 42 },
    ]) {
      await expect(v.verify(await sign({ ...applicant, ...bad }))).rejects.toThrow(InvalidToken);
    }
    await expect(v.verify(await sign({ ...applicant, name: '企业 \ud83d\ude00' }))).resolves.toMatchObject({ name: '企业 😀' });
  });

  it('refuses a token without exp', async () => {
    await expect(new TokenVerifier({ JWT_SECRET: SECRET }).verify(await sign(claims, { exp: null }))).rejects.toThrow(new InvalidToken('token has no exp'));
  });

  it('checks iss and aud when they are configured, and only then', async () => {
    const strict = new TokenVerifier({ JWT_SECRET: SECRET, JWT_ISSUER: 'https://idp.bureau', JWT_AUDIENCE: 'permits' });
    await expect(strict.verify(await sign(claims))).rejects.toThrow(/issuer|audience/);
    await expect(strict.verify(await sign(claims, { iss: 'https://other', aud: 'permits' }))).rejects.toThrow('token issuer is not accepted');
    await expect(strict.verify(await sign(claims, { iss: 'https://idp.bureau', aud: 'other' }))).rejects.toThrow('token audience is not accepted');
    await expect(strict.verify(await sign(claims, { iss: 'https://idp.bureau', aud: 'permits' }))).resolves.toMatchObject({ id: 'staff-1' });
    await expect(new TokenVerifier({ JWT_SECRET: SECRET }).verify(await sign(claims, { iss: 'https://any', aud: 'any' }))).resolves.toBeDefined();
  });

  it('refuses HS256 altogether when no secret is set, alg none, and RS256 without a JWKS', async () => {
    await expect(new TokenVerifier({ JWT_SECRET: '' }).verify(await sign(claims))).rejects.toThrow('invalid token');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, exp: 9e9 })).toString('base64url')}.`;
    await expect(new TokenVerifier({ JWT_SECRET: SECRET }).verify(none)).rejects.toThrow('invalid token');
    const rs = `${Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, exp: 9e9 })).toString('base64url')}.c2ln`;
    await expect(new TokenVerifier({ JWT_SECRET: SECRET }).verify(rs)).rejects.toThrow('invalid token');
  });

  it('verifies a request’s token once however often it is asked', async () => {
    const v = new TokenVerifier({ JWT_SECRET: SECRET });
    const spy = jest.spyOn(v, 'verify');
    const req = { headers: { authorization: `Bearer ${await sign(claims)}` } };
    const [a, b] = await Promise.all([v.forRequest(req), v.forRequest(req)]);
    expect(a).toBe(b);
    await v.forRequest(req);
    expect(spy).toHaveBeenCalledTimes(1);
    await expect(v.forRequest({ headers: {} })).rejects.toThrow('missing bearer token');
  });
});
