// What both sides of the console (the staff workbench, api.ts; the enterprise side, enterprise/client.ts) do the
// same way with the API's answers: the bearer token on every call, the refusal as an ApiError, a blob saved.
import type { Middleware } from 'openapi-fetch';

/** What the API said when it refused: its status, stable code (what the screens switch on) and human message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A refusal's body (`{ code, message }`, message possibly a list) as an ApiError; `HTTP_<status>` where it has no code. */
export function refusal(status: number, body: unknown, statusText: string): ApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { code?: string; message?: string | string[] };
  const message = Array.isArray(b.message) ? b.message.join('; ') : (b.message ?? (typeof body === 'string' && body ? body : statusText));
  return new ApiError(status, b.code ?? `HTTP_${status}`, message);
}

/** The answer's data, or the API's refusal as an ApiError with its status, stable code and message. */
export async function ok<T>(answer: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await answer;
  if (response.ok) return data as T;
  throw refusal(response.status, error, response.statusText);
}

/**
 * openapi-fetch's middleware for one side: the signed-in person's token on every request (unless the call names
 * its own), and `onUnauthorized` on a 401 (the token will not get better by retrying).
 */
export function bearer(token: () => string | null, onUnauthorized: () => void): Middleware {
  return {
    onRequest({ request }) {
      const t = token();
      if (t && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${t}`);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) onUnauthorized();
      return response;
    },
  };
}

/** Saves a blob the API answered (a CSV, a material, a certificate) under a file name. */
export function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
