import { auditHash, StoredAudit, verifyChain } from './audit';

function chain(n: number): StoredAudit[] {
  const out: StoredAudit[] = [];
  let prev: string | null = null;
  for (let i = 1; i <= n; i++) {
    const fields = { caseId: 'c1', caseSeq: i, at: `2026-01-0${i}T00:00:00.000Z`, actor: 'u1', action: `a${i}`, payload: { i } };
    const hash = auditHash(prev, fields);
    out.push({ ...fields, id: String(i), prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('verifyChain', () => {
  it('accepts an intact chain', () => {
    const c = chain(4);
    expect(verifyChain(c, c[3].hash, 4)).toBeNull();
  });

  it('finds an edited payload', () => {
    const c = chain(4);
    c[1] = { ...c[1], payload: { i: 99 } };
    expect(verifyChain(c, c[3].hash, 4)).toBe('2');
  });

  it('finds a deleted middle entry', () => {
    const c = chain(4);
    c.splice(2, 1);
    expect(verifyChain(c, c[2].hash, 4)).toBe('4');
  });

  it('finds a deleted last entry through the head the case holds', () => {
    const c = chain(4);
    const head = c[3].hash;
    c.pop();
    expect(verifyChain(c, head, 4)).not.toBeNull();
  });

  it('finds a recomputed forgery that does not match the case head', () => {
    const c = chain(3);
    const head = c[2].hash;
    const forged = { ...c[2], action: 'forged' };
    forged.hash = auditHash(forged.prevHash, forged);
    c[2] = forged;
    expect(verifyChain(c, head, 3)).toBe('3');
  });
});
