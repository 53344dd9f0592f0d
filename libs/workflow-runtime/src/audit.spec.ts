import { getHashes } from 'node:crypto';
import { auditHash, AuditKey, StoredAudit, verifyChain } from './audit';

const KEY = new AuditKey(Buffer.from('unit-test-audit-key'));

function chain(n: number, key: AuditKey | null = KEY): StoredAudit[] {
  const out: StoredAudit[] = [];
  let prev: string | null = null;
  for (let i = 1; i <= n; i++) {
    const fields = { caseId: 'c1', caseSeq: i, at: `2026-01-0${i}T00:00:00.000Z`, actor: 'u1', action: `a${i}`, payload: { i } };
    const alg = key?.alg ?? 'sha256';
    const hash = auditHash(prev, fields, key, alg);
    out.push({ ...fields, id: String(i), prevHash: prev, hash, alg });
    prev = hash;
  }
  return out;
}

describe('verifyChain', () => {
  it('accepts an intact chain', () => {
    const c = chain(4);
    expect(verifyChain(c, c[3].hash, 4, KEY)).toBeNull();
  });

  it('finds an edited payload', () => {
    const c = chain(4);
    c[1] = { ...c[1], payload: { i: 99 } };
    expect(verifyChain(c, c[3].hash, 4, KEY)).toBe('2');
  });

  it('finds a deleted middle entry', () => {
    const c = chain(4);
    c.splice(2, 1);
    expect(verifyChain(c, c[2].hash, 4, KEY)).toBe('4');
  });

  it('finds a deleted last entry through the head the case holds', () => {
    const c = chain(4);
    const head = c[3].hash;
    c.pop();
    expect(verifyChain(c, head, 4, KEY)).not.toBeNull();
  });

  it('finds a recomputed forgery that does not match the case head', () => {
    const c = chain(3);
    const head = c[2].hash;
    const forged = { ...c[2], action: 'forged' };
    forged.hash = auditHash(forged.prevHash, forged, KEY);
    c[2] = forged;
    expect(verifyChain(c, head, 3, KEY)).toBe('3');
  });

  it('finds a whole chain recomputed with another key, head and all', () => {
    const forged = chain(3, new AuditKey(Buffer.from('an insider guessing')));
    expect(verifyChain(forged, forged[2].hash, 3, KEY)).toBe('1');
  });

  it('refuses a chain recomputed unkeyed (sha256), head and all; only the re-key may accept one', () => {
    const forged = chain(3, null);
    expect(verifyChain(forged, forged[2].hash, 3, KEY)).toBe('1');
    expect(verifyChain(forged, forged[2].hash, 3, KEY, true)).toBeNull();
  });

  it('keys with HMAC-SM3 when asked, a different chain from HMAC-SHA256', () => {
    if (!getHashes().includes('sm3')) return expect(() => new AuditKey(Buffer.from('k'), 'sm3')).toThrow(/SM3/);
    const sm3 = new AuditKey(Buffer.from('unit-test-audit-key'), 'sm3');
    const c = chain(2, sm3);
    expect(c[0].alg).toBe('hmac-sm3');
    expect(verifyChain(c, c[1].hash, 2, sm3)).toBeNull();
    expect(c[0].hash).not.toBe(chain(1)[0].hash);
  });

  it('refuses the development key in production', () => {
    expect(() => AuditKey.fromConfig({ AUDIT_KEY: 'dev-audit-key-change-me', AUDIT_ALGORITHM: 'sha256', NODE_ENV: 'production' })).toThrow(/AUDIT_KEY/);
    expect(AuditKey.fromConfig({ AUDIT_KEY: 'a-real-secret-of-some-length', AUDIT_ALGORITHM: 'sha256', NODE_ENV: 'production' }).alg).toBe('hmac-sha256');
  });
});
