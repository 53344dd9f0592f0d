import fc from 'fast-check';
import { DomainError } from './domain-error';
import { decodeCursor, decodeJsonCursor, decodeOffsetCursor, encodeCursor, encodeJsonCursor, encodeOffsetCursor, pageOf, UUID_CURSOR_ID } from './paging';

/** The error a cursor we did not issue is answered with: 400 VALIDATION_FAILED, naming the cursor. */
function refusal(f: () => unknown): DomainError {
  try {
    f();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('no error');
}

describe('keyset cursor', () => {
  it('round-trips (at, id) for any instant and any id we issue', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.stringMatching(/^[A-Za-z0-9_.:-]{1,100}$/),
        (at, id) => {
          expect(decodeCursor(encodeCursor(at, id))).toEqual({ at: at.toISOString(), id });
        },
      ),
    );
  });

  it('keeps its wire format: base64url of the JSON [at, id] (the gateway merges the services’ pages by it)', () => {
    const c = encodeCursor(new Date('2026-01-04T00:00:00.000Z'), 'ea_1');
    expect(JSON.parse(Buffer.from(c, 'base64url').toString('utf8'))).toEqual(['2026-01-04T00:00:00.000Z', 'ea_1']);
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor('')).toBeUndefined();
  });

  it.each([
    ['not base64 JSON', 'garbage!'],
    ['an object', encodeJsonCursor({ at: '2026-01-01T00:00:00.000Z', id: 'x' })],
    ['three elements', encodeJsonCursor(['2026-01-01T00:00:00.000Z', 'x', 'y'])],
    ['a day, not an instant', encodeJsonCursor(['2026-01-01', 'x'])],
    ['a date that does not exist', encodeJsonCursor(['2026-02-30T00:00:00.000Z', 'x'])],
    ['year 0', encodeJsonCursor(['0000-01-01T00:00:00.000Z', 'x'])],
    ['an hour 24', encodeJsonCursor(['2026-01-01T24:00:00.000Z', 'x'])],
    ['no zone', encodeJsonCursor(['2026-01-01T00:00:00', 'x'])],
    ['SQL in the id', encodeJsonCursor(['2026-01-01T00:00:00.000Z', "x' OR '1'='1"])],
    ['a numeric id', encodeJsonCursor(['2026-01-01T00:00:00.000Z', 7])],
    ['an id too long', encodeJsonCursor(['2026-01-01T00:00:00.000Z', 'x'.repeat(101)])],
  ])('answers a tampered cursor (%s) with a 400 DomainError', (_what, cursor) => {
    const err = refusal(() => decodeCursor(cursor));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.messages).toEqual(['cursor is not a cursor this API issued']);
  });

  it('narrows the id to what the list is keyed by (a uuid column)', () => {
    const uuid = '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e';
    expect(decodeCursor(encodeCursor('2026-01-01T00:00:00.000Z', uuid), UUID_CURSOR_ID)).toEqual({ at: '2026-01-01T00:00:00.000Z', id: uuid });
    expect(refusal(() => decodeCursor(encodeCursor('2026-01-01T00:00:00.000Z', 'in_1'), UUID_CURSOR_ID)).code).toBe('VALIDATION_FAILED');
  });

  it('flips any one character of a cursor into a valid cursor or a 400, never anything else', () => {
    const c = encodeCursor('2026-01-01T00:00:00.000Z', 'in_1');
    fc.assert(
      fc.property(fc.nat(c.length - 1), fc.constantFrom(...'ABCDEFabcdef0123456789-_'), (i, ch) => {
        const tampered = c.slice(0, i) + ch + c.slice(i + 1);
        try {
          const v = decodeCursor(tampered);
          expect(v).toBeDefined();
        } catch (err) {
          expect(err).toBeInstanceOf(DomainError);
        }
      }),
    );
  });

  it('decodes any JSON we wrote, and refuses what is not JSON', () => {
    expect(decodeJsonCursor(encodeJsonCursor({ o: 'due', v: null, id: 'x' }))).toEqual({ o: 'due', v: null, id: 'x' });
    expect(refusal(() => decodeJsonCursor('%%%')).code).toBe('VALIDATION_FAILED');
  });
});

describe('pageOf', () => {
  const rows = [
    { at: '2026-01-03T00:00:00.000Z', id: 'c' },
    { at: '2026-01-02T00:00:00.000Z', id: 'b' },
    { at: '2026-01-01T00:00:00.000Z', id: 'a' },
  ];
  it('cuts at the limit and gives the cursor after the last item when another page follows', () => {
    const page = pageOf(rows, 2, (r) => encodeCursor(r.at, r.id));
    expect(page.items.map((r) => r.id)).toEqual(['c', 'b']);
    expect(decodeCursor(page.nextCursor ?? undefined)).toEqual({ at: '2026-01-02T00:00:00.000Z', id: 'b' });
  });
  it('gives no cursor on the last page', () => {
    expect(pageOf(rows, 3, (r) => r.id).nextCursor).toBeNull();
    expect(pageOf([], 3, () => 'x')).toEqual({ items: [], nextCursor: null });
  });
});

describe('offset cursor', () => {
  it('round-trips an offset and refuses anything else with a 400', () => {
    expect(decodeOffsetCursor(encodeOffsetCursor(150))).toBe(150);
    expect(decodeOffsetCursor(undefined)).toBe(0);
    expect(refusal(() => decodeOffsetCursor(Buffer.from('o:-1').toString('base64url'))).code).toBe('VALIDATION_FAILED');
    expect(refusal(() => decodeOffsetCursor(encodeCursor('2026-01-01T00:00:00.000Z', 'x'))).code).toBe('VALIDATION_FAILED');
    expect(refusal(() => decodeOffsetCursor('x', 'cursor is not a nextCursor of this list')).messages).toEqual(['cursor is not a nextCursor of this list']);
  });
});
