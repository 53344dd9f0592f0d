import { SignJWT } from 'jose';
import { claimsOf, hs256Key, signToken } from '../jwt';
import { AuthUser } from '../user';
import { TokenVerifier } from '../verifier';
import { signTestToken } from './tokens';

const SECRET = 'k'.repeat(40);
const user: AuthUser = { id: 'ent-user-1', name: '企业 1', roles: ['applicant'], creditCode: '91350100M000100Y43' };

describe(signTestToken.name, () => {
  it('makes the very bytes jose’s SignJWT makes for the same claims', async () => {
    const iat = 1_800_000_000;
    const jose = await new SignJWT(claimsOf(user))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + 600)
      .sign(hs256Key(SECRET));
    expect(signTestToken(user, SECRET, 600, iat)).toBe(jose);
  });

  it('is accepted by the verifier like signToken’s, and refused under another secret or once expired', async () => {
    const verifier = new TokenVerifier({ JWT_SECRET: SECRET });
    await expect(verifier.verify(signTestToken(user, SECRET))).resolves.toEqual(user);
    await expect(verifier.verify(await signToken(user, SECRET))).resolves.toEqual(user);
    await expect(verifier.verify(signTestToken(user, 'another-secret'))).rejects.toThrow('invalid token');
    await expect(verifier.verify(signTestToken(user, SECRET, -10))).rejects.toThrow('token expired');
  });
});
