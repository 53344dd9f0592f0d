// The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters, the last a check character.
// Structure (GB 32100-2015 §4): 1 registration-authority code, 1 organisation-type code, 6 administrative-division
// digits (GB/T 2260), 9 organisation-code characters (GB 11714), 1 check character. Only the character set, the
// length and the check character are enforced here (see DOMAIN.md, "Unified social credit code").
//
// Why every single-character error is caught: with the check value c, the code satisfies
//   sum_{i=0..16} v_i * 3^i + c ≡ 0 (mod 31),
// i.e. a weighted sum over all 18 positions with weights 3^0 … 3^16 and 1. Changing one character from value a to
// b ≠ a changes the sum by w * (b − a); 31 is prime, w is a power of 3 (never 0 mod 31) and 0 < |b − a| < 31, so the
// sum no longer vanishes. Adjacent transpositions are caught too: they change the sum by (w_i − w_{i+1}) * (a − b),
// and neighbouring weights always differ (3^i ≠ 3^(i+1), and 3^16 ≡ 28 ≠ 1). The one weight that repeats is 1 (first
// character and check character), so swapping the first and the last character goes unnoticed.
import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** GB 32100-2015: the 31 characters a code may use, in value order (0 … 30); I, O, S, V and Z never occur. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const CREDIT_CODE_LENGTH = 18;

const MODULUS = CREDIT_CODE_ALPHABET.length; // 31
const VALUES: ReadonlyMap<string, number> = new Map([...CREDIT_CODE_ALPHABET].map((ch, i) => [ch, i]));
/** GB 32100-2015: the weight of the i-th character (i = 0..16) is 3^i mod 31. */
const WEIGHTS: readonly number[] = Array.from({ length: CREDIT_CODE_LENGTH - 1 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % MODULUS;
  return w;
});

/**
 * The check character for the first 17 characters of a code: 31 − (Σ value × weight mod 31), with 31 written as 0.
 * Throws a RangeError when the input is not 17 characters of the alphabet.
 */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== CREDIT_CODE_LENGTH - 1) {
    throw new RangeError(`creditCodeCheckChar needs 17 characters, got ${first17.length}`);
  }
  let sum = 0;
  for (let i = 0; i < first17.length; i++) {
    const value = VALUES.get(first17[i]);
    if (value === undefined) {
      throw new RangeError(`creditCodeCheckChar: '${first17[i]}' at position ${i + 1} is not in ${CREDIT_CODE_ALPHABET}`);
    }
    sum += value * WEIGHTS[i];
  }
  return CREDIT_CODE_ALPHABET[(MODULUS - (sum % MODULUS)) % MODULUS];
}

/**
 * What is wrong with a code, as a phrase that follows "the code …" ("has 17 characters instead of 18"), or null
 * when it is valid. Lower-case letters are rejected, not folded:
 * the standard writes codes in upper case, and the code is compared byte for byte elsewhere (tokens, permits).
 */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== CREDIT_CODE_LENGTH) return `has ${code.length} characters instead of 18`;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    if (!VALUES.has(ch)) {
      const why = /[a-z]/.test(ch) ? 'lower-case letters are not allowed' : 'only 0-9 and A-Z without I, O, S, V, Z are allowed';
      return `has '${ch}' at position ${i + 1}, which is not allowed (${why})`;
    }
  }
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) {
    return 'has a check character (position 18) that does not match the first 17: a character is probably mistyped';
  }
  return null;
}

/** True when the code has 18 characters of the GB 32100-2015 alphabet and a correct check character. */
export function isValidCreditCode(code: string): boolean {
  return typeof code === 'string' && creditCodeProblem(code) === null;
}

export const IS_CREDIT_CODE = 'isCreditCode';

function describe(value: unknown): string {
  if (Array.isArray(value)) {
    // With { each: true } class-validator hands over the whole array: name the first bad element.
    const items: readonly unknown[] = value;
    const index = items.findIndex((v) => typeof v !== 'string' || !isValidCreditCode(v));
    return index < 0 ? 'invalid' : `element ${index}: ${describe(items[index])}`;
  }
  if (typeof value !== 'string') return 'it is not a string';
  return `it ${creditCodeProblem(value) ?? 'is invalid'}`;
}

/** class-validator: the property is a valid unified social credit code; the message says what is wrong. */
export function IsCreditCode(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_CREDIT_CODE,
      validator: {
        validate: (value: unknown): boolean => typeof value === 'string' && isValidCreditCode(value),
        defaultMessage: (args?: ValidationArguments): string => {
          const property = args?.property ?? 'value';
          const each = validationOptions?.each ? 'each value in ' : '';
          return `${each}${property} must be an 18-character unified social credit code (GB 32100-2015): ${describe(args?.value)}`;
        },
      },
    },
    validationOptions,
  );
}
