import 'reflect-metadata';
import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CREDIT_CODE_ALPHABET, IsCreditCode, creditCodeCheckChar, creditCodeProblem, isValidCreditCode } from './credit-code';
import { MAX_CREDIT_CODE_SEED, makeCreditCode } from './testing/credit-codes';

const VALID = '91350100M000100Y43'; // the example of DOMAIN.md

const alphabetChar = fc.constantFrom(...CREDIT_CODE_ALPHABET);
const first17 = fc.array(alphabetChar, { minLength: 17, maxLength: 17 }).map((chars) => chars.join(''));
const validCode = first17.map((head) => head + creditCodeCheckChar(head));

function replaceAt(code: string, index: number, ch: string): string {
  return code.slice(0, index) + ch + code.slice(index + 1);
}

describe('isValidCreditCode', () => {
  it('accepts the GB 32100-2015 example', () => {
    expect(isValidCreditCode(VALID)).toBe(true);
    expect(creditCodeCheckChar(VALID.slice(0, 17))).toBe('3');
  });

  it('rejects a wrong check character', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(creditCodeProblem('91350100M000100Y44')).toMatch(/check character/);
  });

  it.each(['I', 'O', 'S', 'V', 'Z'])('rejects the letter %s, which the alphabet leaves out', (letter) => {
    const code = replaceAt(VALID, 8, letter);
    expect(isValidCreditCode(code)).toBe(false);
    expect(creditCodeProblem(code)).toBe(`has '${letter}' at position 9, which is not allowed (only 0-9 and A-Z without I, O, S, V, Z are allowed)`);
  });

  it.each([
    ['17 characters', VALID.slice(0, 17)],
    ['19 characters', `${VALID}0`],
    ['the empty string', ''],
  ])('rejects %s', (_label, code) => {
    expect(isValidCreditCode(code)).toBe(false);
    expect(creditCodeProblem(code)).toMatch(/characters instead of 18/);
  });

  it('rejects lower case instead of folding it', () => {
    expect(isValidCreditCode(VALID.toLowerCase())).toBe(false);
    expect(creditCodeProblem('91350100m000100Y43')).toMatch(/lower-case/);
  });

  it('rejects characters outside ASCII and blanks', () => {
    expect(isValidCreditCode('91350100M000100Y4３')).toBe(false);
    expect(isValidCreditCode(' 91350100M000100Y4')).toBe(false);
  });

  it('rejects a value that is not a string when called from JavaScript', () => {
    expect(isValidCreditCode(91350100 as unknown as string)).toBe(false);
  });
});

describe('creditCodeCheckChar', () => {
  it('throws on input that is not 17 alphabet characters', () => {
    expect(() => creditCodeCheckChar('123')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91350100M000100YI')).toThrow(/'I' at position 17/);
  });

  it('makes any 17 alphabet characters a valid code', () => {
    fc.assert(fc.property(validCode, (code) => isValidCreditCode(code)));
  });

  it('detects every single-character substitution, at every position, by every other alphabet character', () => {
    // Exhaustive over positions and replacement characters for each generated code (18 × 30 variants):
    // the algebra in credit-code.ts says no substitution can keep the weighted sum at 0 mod 31.
    fc.assert(
      fc.property(validCode, (code) => {
        for (let i = 0; i < code.length; i++) {
          for (const ch of CREDIT_CODE_ALPHABET) {
            if (ch !== code[i] && isValidCreditCode(replaceAt(code, i, ch))) return false;
          }
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it('detects substitutions by any character outside the alphabet', () => {
    const foreign = fc.string({ minLength: 1, maxLength: 1 }).filter((ch) => !CREDIT_CODE_ALPHABET.includes(ch));
    fc.assert(fc.property(validCode, fc.nat({ max: 17 }), foreign, (code, index, ch) => !isValidCreditCode(replaceAt(code, index, ch))));
  });

  it('detects every transposition of two different neighbouring characters', () => {
    fc.assert(
      fc.property(validCode, fc.nat({ max: 16 }), (code, i) => {
        fc.pre(code[i] !== code[i + 1]);
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        return !isValidCreditCode(swapped);
      }),
    );
  });

  it('does not detect swapping the first and the last character (both carry weight 1): a known limit', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        const swapped = code[17] + code.slice(1, 17) + code[0];
        return isValidCreditCode(swapped);
      }),
    );
    expect(isValidCreditCode('31350100M000100Y49')).toBe(true);
  });
});

describe('IsCreditCode', () => {
  class Applicant {
    @IsCreditCode()
    creditCode!: string;
  }
  class Batch {
    @IsCreditCode({ each: true })
    codes!: string[];
  }

  it('passes a valid code', () => {
    expect(validateSync(plainToInstance(Applicant, { creditCode: VALID }))).toEqual([]);
  });

  it('explains what is wrong', () => {
    const [error] = validateSync(plainToInstance(Applicant, { creditCode: '91350100M000100Y44' }));
    expect(error.property).toBe('creditCode');
    expect(error.constraints).toEqual({
      isCreditCode:
        'creditCode must be an 18-character unified social credit code (GB 32100-2015): it has a check character (position 18) that does not match the first 17: a character is probably mistyped',
    });
  });

  it('rejects a number and a missing value', () => {
    expect(validateSync(plainToInstance(Applicant, { creditCode: 42 }))[0].constraints?.isCreditCode).toMatch(/not a string/);
    expect(validateSync(plainToInstance(Applicant, {}))).toHaveLength(1);
  });

  it('checks each element with { each: true }', () => {
    expect(validateSync(plainToInstance(Batch, { codes: [VALID, makeCreditCode(1)] }))).toEqual([]);
    const [error] = validateSync(plainToInstance(Batch, { codes: [VALID, 'X'] }));
    expect(error.constraints?.isCreditCode).toMatch(/^each value in codes must be/);
  });
});

describe('makeCreditCode', () => {
  it('builds valid codes deterministically', () => {
    expect(makeCreditCode(7)).toBe(makeCreditCode(7));
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_CREDIT_CODE_SEED }), (seed) => isValidCreditCode(makeCreditCode(seed))));
  });

  it('gives distinct seeds distinct codes', () => {
    const codes = new Set(Array.from({ length: 5000 }, (_, seed) => makeCreditCode(seed)));
    expect(codes.size).toBe(5000);
    expect(makeCreditCode(0)).not.toBe(makeCreditCode(MAX_CREDIT_CODE_SEED));
  });

  it('builds enterprise codes in Hohhot with a valid GB 11714 organisation code', () => {
    const code = makeCreditCode(123);
    expect(code).toMatch(/^91(150100|15010[2-5]|15012[1-5])/);
    // GB 11714-1997 check of characters 9 to 17.
    const org = code.slice(8, 17);
    const weights = [3, 7, 9, 10, 5, 8, 4, 2];
    const sum = weights.reduce((acc, w, i) => acc + Number.parseInt(org[i], 36) * w, 0);
    const expected = 11 - (sum % 11);
    expect(org[8]).toBe(expected === 10 ? 'X' : expected === 11 ? '0' : String(expected));
  });

  it('refuses seeds it cannot map', () => {
    expect(() => makeCreditCode(-1)).toThrow(RangeError);
    expect(() => makeCreditCode(1.5)).toThrow(RangeError);
    expect(() => makeCreditCode(MAX_CREDIT_CODE_SEED + 1)).toThrow(RangeError);
  });
});
