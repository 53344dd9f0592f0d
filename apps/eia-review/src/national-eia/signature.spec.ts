import { createHmac } from 'node:crypto';
import { nationalSignature, signatureProblem, signedHeaders, SIGNATURE_WINDOW_SECONDS } from './signature';

const SECRET = 'shared-secret';
const NOW = new Date('2026-03-02T08:00:00.000Z');
const T = String(NOW.getTime() / 1000);
const BODY = Buffer.from('{"declarationId":"D-1","projectName":"环评 项目"}');

function signed(over: { timestamp?: string; nonce?: string; body?: Buffer; secret?: string } = {}) {
  const timestamp = over.timestamp ?? T;
  const nonce = over.nonce ?? 'n-1';
  const signature = nationalSignature(over.secret ?? SECRET, timestamp, nonce, over.body ?? BODY);
  return { timestamp, nonce, signature, rawBody: BODY };
}

describe(nationalSignature.name, () => {
  it('is the hex HMAC-SHA256 of timestamp, nonce and raw body joined by newlines', () => {
    const expected = createHmac('sha256', SECRET)
      .update(Buffer.concat([Buffer.from(`${T}\nn-1\n`), BODY]))
      .digest('hex');
    expect(nationalSignature(SECRET, T, 'n-1', BODY)).toBe(expected);
    expect(nationalSignature(SECRET, T, 'n-1', BODY.toString('utf8'))).toBe(expected);
  });
});

describe(signatureProblem.name, () => {
  it('accepts a request signed with the secret over its exact bytes', () => {
    expect(signatureProblem(signed(), SECRET, NOW)).toBeNull();
  });

  it('accepts the signature in upper-case hex', () => {
    const req = signed();
    expect(signatureProblem({ ...req, signature: req.signature.toUpperCase() }, SECRET, NOW)).toBeNull();
  });

  it('refuses another secret, another body, another nonce or another timestamp', () => {
    expect(signatureProblem(signed({ secret: 'other-secret' }), SECRET, NOW)).toMatch(/does not match/);
    expect(signatureProblem(signed({ body: Buffer.from('{"declarationId":"D-2","projectName":"环评 项目"}') }), SECRET, NOW)).toMatch(/does not match/);
    // the same JSON re-serialised with other spacing is other bytes
    expect(signatureProblem(signed({ body: Buffer.from(JSON.stringify(JSON.parse(BODY.toString()), null, 1)) }), SECRET, NOW)).toMatch(/does not match/);
    expect(signatureProblem({ ...signed(), nonce: 'n-2' }, SECRET, NOW)).toMatch(/does not match/);
    expect(signatureProblem({ ...signed(), timestamp: String(Number(T) - 1) }, SECRET, NOW)).toMatch(/does not match/);
  });

  it(`accepts a timestamp up to ${SIGNATURE_WINDOW_SECONDS} s off either way and refuses one further`, () => {
    for (const off of [-SIGNATURE_WINDOW_SECONDS, 0, SIGNATURE_WINDOW_SECONDS]) {
      expect(signatureProblem(signed({ timestamp: String(Number(T) + off) }), SECRET, NOW)).toBeNull();
    }
    for (const off of [-SIGNATURE_WINDOW_SECONDS - 1, SIGNATURE_WINDOW_SECONDS + 1, -86_400 * 200]) {
      expect(signatureProblem(signed({ timestamp: String(Number(T) + off) }), SECRET, NOW)).toMatch(/X-Timestamp is more than 300 s/);
    }
  });

  it('refuses missing or malformed headers without computing anything', () => {
    const ok = signed();
    expect(signatureProblem({ ...ok, timestamp: undefined }, SECRET, NOW)).toMatch(/X-Timestamp/);
    expect(signatureProblem({ ...ok, timestamp: '1772438400.5' }, SECRET, NOW)).toMatch(/X-Timestamp/);
    expect(signatureProblem({ ...ok, timestamp: '2026-03-02T08:00:00Z' }, SECRET, NOW)).toMatch(/X-Timestamp/);
    expect(signatureProblem({ ...ok, nonce: undefined }, SECRET, NOW)).toMatch(/X-Nonce/);
    expect(signatureProblem({ ...ok, nonce: '' }, SECRET, NOW)).toMatch(/X-Nonce/);
    expect(signatureProblem({ ...ok, nonce: 'x'.repeat(129) }, SECRET, NOW)).toMatch(/X-Nonce/);
    expect(signatureProblem({ ...ok, signature: undefined }, SECRET, NOW)).toMatch(/X-Signature must be/);
    expect(signatureProblem({ ...ok, signature: ok.signature.slice(2) }, SECRET, NOW)).toMatch(/X-Signature must be/);
    expect(signatureProblem({ ...ok, signature: `${ok.signature.slice(0, 62)}zz` }, SECRET, NOW)).toMatch(/X-Signature must be/);
  });
});

describe(signedHeaders.name, () => {
  it('signs at the given time with a fresh nonce that the check accepts', () => {
    const a = signedHeaders(SECRET, BODY, NOW);
    const b = signedHeaders(SECRET, BODY, NOW);
    expect(a['X-Timestamp']).toBe(T);
    expect(a['X-Nonce']).not.toBe(b['X-Nonce']);
    expect(signatureProblem({ timestamp: a['X-Timestamp'], nonce: a['X-Nonce'], signature: a['X-Signature'], rawBody: BODY }, SECRET, NOW)).toBeNull();
  });
});
