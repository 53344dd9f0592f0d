import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificateSigner, digestHeader, parseSigningKey, verifyCertificate } from './certificate-signer';

const SEED = randomBytes(32);
const pdf = Buffer.from('%PDF-1.3 a certificate\n%%EOF');

describe(CertificateSigner.name, () => {
  it('gives the same key from a hex seed, a base64 seed and the PKCS#8 PEM of that seed', () => {
    const fromHex = new CertificateSigner(SEED.toString('hex'));
    const pem = parseSigningKey(SEED.toString('hex')).export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(new CertificateSigner(SEED.toString('base64')).published).toEqual(fromHex.published);
    expect(new CertificateSigner(pem).published).toEqual(fromHex.published);
    // a PEM in one line of an env file, its line breaks written as \n
    expect(new CertificateSigner(pem.trim().replace(/\n/g, '\\n')).published).toEqual(fromHex.published);
  });

  it('signs the PDF bytes so that the published PEM verifies them, and the digest is SHA-256 in base64', () => {
    const signer = new CertificateSigner(SEED.toString('hex'));
    const h = signer.headersFor(pdf);
    expect(h.digest).toBe(`sha-256=${createHash('sha256').update(pdf).digest('base64')}`);
    expect(h.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(Buffer.from(h.signature, 'base64')).toHaveLength(64);
    expect(verifyCertificate(pdf, h, signer.published.publicKeyPem)).toBe(true);
    // Ed25519 is deterministic: the same bytes, the same signature
    expect(signer.headersFor(Buffer.from(pdf)).signature).toBe(h.signature);
  });

  it('refuses a changed byte, a changed digest, another key and a truncated signature', () => {
    const signer = new CertificateSigner(SEED.toString('hex'));
    const h = signer.headersFor(pdf);
    const tampered = Buffer.from(pdf);
    tampered[5] ^= 1;
    expect(verifyCertificate(tampered, h, signer.published.publicKeyPem)).toBe(false);
    expect(verifyCertificate(tampered, { ...h, digest: digestHeader(tampered) }, signer.published.publicKeyPem)).toBe(false);
    const other = new CertificateSigner(randomBytes(32).toString('hex'));
    expect(verifyCertificate(pdf, h, other.published.publicKeyPem)).toBe(false);
    expect(
      verifyCertificate(pdf, { ...h, signature: Buffer.from(h.signature, 'base64').subarray(0, 63).toString('base64') }, signer.published.publicKeyPem),
    ).toBe(false);
  });

  it('publishes the key as PEM and as a JWK whose kid is its RFC 7638 thumbprint', () => {
    const signer = new CertificateSigner(SEED.toString('hex'));
    const { jwk, keyId, publicKeyPem } = signer.published;
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: keyId, alg: 'EdDSA' });
    expect(Buffer.from(jwk.x, 'base64url')).toHaveLength(32);
    expect(keyId).toBe(createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${jwk.x}"}`).digest('base64url'));
    expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(publicKeyPem).not.toContain('PRIVATE');
  });

  it('verifies with OpenSSL too (a verifier without Node)', () => {
    const signer = new CertificateSigner(SEED.toString('hex'));
    const h = signer.headersFor(pdf);
    const dir = mkdtempSync(join(tmpdir(), 'certificate-'));
    const write = (name: string, data: Buffer | string) => writeFileSync(join(dir, name), data);
    write('cert.pdf', pdf);
    write('sig', Buffer.from(h.signature, 'base64'));
    write('key.pem', signer.published.publicKeyPem);
    const out = execFileSync('openssl', [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      `${dir}/key.pem`,
      '-rawin',
      '-in',
      `${dir}/cert.pdf`,
      '-sigfile',
      `${dir}/sig`,
    ]);
    expect(out.toString()).toMatch(/Signature Verified Successfully/);
  });

  it('refuses a key that is not Ed25519, or a seed of the wrong length, at construction', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => new CertificateSigner(rsa)).toThrow(/must be an Ed25519 key/);
    expect(() => new CertificateSigner(randomBytes(31).toString('base64'))).toThrow(/32 bytes/);
  });
});
