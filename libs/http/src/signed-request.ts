// Signed requests between us and outside systems: the national EIA unified declaration and approval system (API.md, "National EIA
// system integration", both ways) and the online monitoring platform ("Online monitoring alarms", to us): X-Timestamp (Unix seconds), X-Nonce, and X-Signature = hex HMAC-SHA256 with the
// shared secret over `timestamp + "\n" + nonce + "\n" + rawBody`. Pure functions; the nonce memory is the caller's.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** A timestamp further than this from our clock is refused, whichever way (API.md: 300 s). */
export const SIGNATURE_WINDOW_SECONDS = 300;
/** How long a nonce is remembered: longer than the whole window a timestamp can be accepted in (2 × 300 s). */
export const NONCE_TTL_SECONDS = 900;

export const SIGNATURE_HEADERS = { timestamp: 'x-timestamp', nonce: 'x-nonce', signature: 'x-signature' } as const;

const TIMESTAMP = /^\d{1,12}$/;
const NONCE = /^[\x21-\x7e]{1,128}$/;
const HEX_SIGNATURE = /^[0-9a-fA-F]{64}$/;

/** Hex HMAC-SHA256 over `timestamp \n nonce \n body`, the body as the exact bytes sent. */
export function nationalSignature(secret: string, timestamp: string, nonce: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n`).update(body).digest('hex');
}

/** The three headers of a request we sign (status pushes), with a fresh nonce each time. */
export function signedHeaders(
  secret: string,
  body: Buffer | string,
  now: Date,
  nonce: string = randomUUID(),
): Record<'X-Timestamp' | 'X-Nonce' | 'X-Signature', string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { 'X-Timestamp': timestamp, 'X-Nonce': nonce, 'X-Signature': nationalSignature(secret, timestamp, nonce, body) };
}

export interface SignedRequest {
  timestamp?: string;
  nonce?: string;
  signature?: string;
  rawBody: Buffer;
}

/**
 * What is wrong with a signed request, or null when its headers are well formed, its timestamp within
 * SIGNATURE_WINDOW_SECONDS of `now` and its signature right. The nonce's freshness is for the caller to check
 * (it needs a memory), and only after this passes, so that a forged request cannot use up a nonce.
 */
export function signatureProblem(req: SignedRequest, secret: string, now: Date): string | null {
  const { timestamp, nonce, signature } = req;
  if (timestamp === undefined || !TIMESTAMP.test(timestamp)) return 'X-Timestamp must be the Unix time in seconds';
  if (nonce === undefined || !NONCE.test(nonce)) return 'X-Nonce must be 1 to 128 visible ASCII characters';
  if (signature === undefined || !HEX_SIGNATURE.test(signature)) return 'X-Signature must be a hex HMAC-SHA256 (64 hex characters)';
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (skew > SIGNATURE_WINDOW_SECONDS) return `X-Timestamp is more than ${SIGNATURE_WINDOW_SECONDS} s away from the server's clock`;
  const expected = Buffer.from(nationalSignature(secret, timestamp, nonce, req.rawBody), 'hex');
  const given = Buffer.from(signature, 'hex');
  // both are 32 bytes here (the format check above), as timingSafeEqual requires
  if (!timingSafeEqual(expected, given)) return 'X-Signature does not match the request';
  return null;
}
