import { DomainError } from '@permits/core';
import { NationalRequestVerifier, NonceMemory } from './signature.guard';
import { signedHeaders } from './signature';

class MemoryNonces implements NonceMemory {
  readonly seen = new Set<string>();
  async claim(nonce: string): Promise<boolean> {
    if (this.seen.has(nonce)) return false;
    this.seen.add(nonce);
    return true;
  }
}

const NOW = new Date('2026-03-02T08:00:00.000Z');
const SECRET = 's3cret-for-tests';
const body = Buffer.from('{"declarationId":"D-9"}');

function request(over: { secret?: string; nonce?: string; at?: Date; rawBody?: Buffer } = {}) {
  const h = signedHeaders(over.secret ?? SECRET, body, over.at ?? NOW, over.nonce ?? 'nonce-1');
  return { timestamp: h['X-Timestamp'], nonce: h['X-Nonce'], signature: h['X-Signature'], rawBody: 'rawBody' in over ? over.rawBody : body };
}

describe(NationalRequestVerifier.name, () => {
  let nonces: MemoryNonces;
  let verifier: NationalRequestVerifier;
  beforeEach(() => {
    nonces = new MemoryNonces();
    verifier = new NationalRequestVerifier(SECRET, async () => NOW, nonces);
  });

  it('lets a signed request through once, and refuses its nonce the second time with 401', async () => {
    await expect(verifier.verify(request())).resolves.toBeUndefined();
    await expect(verifier.verify(request())).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'X-Nonce was used before' });
  });

  it('does not use up the nonce of a request it refuses for its signature or time', async () => {
    await expect(verifier.verify(request({ secret: 'wrong-secret' }))).rejects.toBeInstanceOf(DomainError);
    await expect(verifier.verify(request({ at: new Date(NOW.getTime() - 301_000) }))).rejects.toThrow(/more than 300 s/);
    expect(nonces.seen.size).toBe(0);
    await expect(verifier.verify(request())).resolves.toBeUndefined();
  });

  it('checks the time against the clock it is given, not the machine time', async () => {
    const later = new NationalRequestVerifier(SECRET, async () => new Date(NOW.getTime() + 3600_000), nonces);
    await expect(later.verify(request())).rejects.toThrow(/more than 300 s/);
  });

  it('treats a request without a parsed body as an empty body', async () => {
    await expect(verifier.verify(request({ rawBody: undefined }))).rejects.toThrow(/does not match/);
  });
});
