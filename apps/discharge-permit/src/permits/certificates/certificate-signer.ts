import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/** The DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The bureau's certificate key as published: anyone verifies a certificate's signature with it. */
export interface PublishedKey {
  algorithm: 'Ed25519';
  /** The RFC 7638 JWK thumbprint (SHA-256, base64url): names the key in `X-Certificate-Key-Id`. */
  keyId: string;
  publicKeyPem: string;
  jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; use: 'sig'; alg: 'EdDSA' };
}

/** The headers a certificate is served with: its digest and the bureau's signature over its bytes. */
export interface CertificateHeaders {
  /** `sha-256=<base64>` (RFC 3230 instance digest). */
  digest: string;
  /** The certificate's SHA-256 in hex, as the public verification address shows it. */
  sha256: string;
  /** Base64 of the 64-byte Ed25519 signature over the PDF's bytes. */
  signature: string;
  keyId: string;
}

/** The private key from its configured form: a PKCS#8 PEM (`\n` may stand for line breaks), or a 32-byte seed in hex or base64. */
export function parseSigningKey(configured: string): KeyObject {
  const text = configured.trim();
  let key: KeyObject;
  if (text.startsWith('-----BEGIN')) {
    key = createPrivateKey({ key: text.replace(/\\n/g, '\n'), format: 'pem' });
  } else {
    const seed = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
    if (seed.length !== 32) throw new Error('CERTIFICATE_SIGNING_KEY: an Ed25519 seed has 32 bytes');
    key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`CERTIFICATE_SIGNING_KEY must be an Ed25519 key, not ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

export const sha256Hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** The `Digest` header of these bytes (RFC 3230, algorithm sha-256, base64 value). */
export const digestHeader = (bytes: Buffer): string => `sha-256=${createHash('sha256').update(bytes).digest('base64')}`;

/**
 * Checks a certificate as anyone can: its digest header against its bytes, and the signature against the published
 * public key. True only when both hold.
 */
export function verifyCertificate(pdf: Buffer, headers: { digest: string; signature: string }, publicKeyPem: string): boolean {
  if (headers.digest !== digestHeader(pdf)) return false;
  const signature = Buffer.from(headers.signature, 'base64');
  if (signature.length !== 64) return false;
  return verify(null, pdf, createPublicKey(publicKeyPem), signature);
}

/**
 * Signs certificates with the bureau's Ed25519 key (pure Ed25519 over the PDF's bytes, RFC 8032) and publishes its
 * public half. Built once at start-up: a malformed key stops the process there.
 */
export class CertificateSigner {
  private readonly privateKey: KeyObject;
  readonly published: PublishedKey;

  constructor(configuredKey: string) {
    this.privateKey = parseSigningKey(configuredKey);
    const publicKey = createPublicKey(this.privateKey);
    const x = (publicKey.export({ format: 'jwk' }) as { x: string }).x;
    // RFC 7638: the required members in lexicographic order, no whitespace
    const keyId = createHash('sha256')
      .update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x }))
      .digest('base64url');
    this.published = {
      algorithm: 'Ed25519',
      keyId,
      publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      jwk: { kty: 'OKP', crv: 'Ed25519', x, kid: keyId, use: 'sig', alg: 'EdDSA' },
    };
  }

  headersFor(pdf: Buffer): CertificateHeaders {
    return {
      digest: digestHeader(pdf),
      sha256: sha256Hex(pdf),
      signature: sign(null, pdf, this.privateKey).toString('base64'),
      keyId: this.published.keyId,
    };
  }
}
