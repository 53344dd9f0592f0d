// Test helper: deterministic, valid unified social credit codes for factories and fixtures.
// Excluded from the build (tsconfig.build.json excludes **/testing/**).
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar } from '../credit-code';

/** GB/T 2260 division codes of Hohhot (呼和浩特市) and its districts, banners and counties. */
const HOHHOT_DIVISIONS = ['150100', '150102', '150103', '150104', '150105', '150121', '150122', '150123', '150124', '150125'];

/** Number of distinct codes makeCreditCode can build: one per 8-character organisation-code body. */
export const MAX_CREDIT_CODE_SEED = 31 ** 8 - 1;

const BODY_SPACE = BigInt(31 ** 8);
// An affine map n -> (a·n + c) mod 31^8 with a coprime to 31 is a bijection, so distinct seeds give distinct bodies
// while consecutive seeds do not give look-alike codes.
const MULTIPLIER = 1_103_515_245n;
const INCREMENT = 12_345n;

/** GB 11714-1997 check character of an organisation code: weights 3,7,9,10,5,8,4,2; 11 − (sum mod 11); 10 → X, 11 → 0. */
function organisationCodeCheckChar(body8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number.parseInt(body8[i], 36) * weights[i]; // 0-9 → 0-9, A-Z → 10-35
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * A valid code for an enterprise (registration authority 9, type 1) in a Hohhot division, built from `seed`
 * (an integer from 0 to MAX_CREDIT_CODE_SEED). The same seed always gives the same code; different seeds give
 * different codes. The embedded organisation code also carries a correct GB 11714 check character, so the codes
 * pass stricter validators than ours.
 */
export function makeCreditCode(seed: number): string {
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > MAX_CREDIT_CODE_SEED) {
    throw new RangeError(`makeCreditCode: seed must be an integer from 0 to ${MAX_CREDIT_CODE_SEED}, got ${seed}`);
  }
  let n = (BigInt(seed) * MULTIPLIER + INCREMENT) % BODY_SPACE;
  let body = '';
  for (let i = 0; i < 8; i++) {
    body = CREDIT_CODE_ALPHABET[Number(n % 31n)] + body;
    n /= 31n;
  }
  const division = HOHHOT_DIVISIONS[seed % HOHHOT_DIVISIONS.length];
  const first17 = `91${division}${body}${organisationCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17);
}
