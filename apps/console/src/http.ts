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

/** A file over this is refused before a byte is sent, with the API's own code (its limit: API.md "Files"). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * Uploads a material (POST /api/v1/files, multipart field `file`; `onBehalfOf`, the window's upload for an enterprise)
 * with XMLHttpRequest, for its upload progress (fetch reports none). The refusal comes back as an ApiError with its code.
 */
export function upload(
  file: File,
  onProgress: (share: number) => void,
  how: { token: () => string | null; onUnauthorized: () => void; onBehalfOf?: string },
): { done: Promise<{ sha256: string }>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<{ sha256: string }>((resolve, reject) => {
    if (file.size > MAX_UPLOAD_BYTES) return reject(new ApiError(413, 'PAYLOAD_TOO_LARGE', `${file.name}: ${file.size} bytes, over 50 MiB`));
    xhr.open('POST', how.onBehalfOf ? `/api/v1/files?onBehalfOf=${encodeURIComponent(how.onBehalfOf)}` : '/api/v1/files');
    const t = how.token();
    if (t) xhr.setRequestHeader('Authorization', `Bearer ${t}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = xhr.response as { sha256?: string } | null;
      if ((xhr.status === 200 || xhr.status === 201) && body?.sha256) {
        onProgress(1);
        resolve(body as { sha256: string });
        return;
      }
      if (xhr.status === 401) how.onUnauthorized();
      reject(refusal(xhr.status, xhr.response, xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'the upload did not reach the server'));
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', 'upload cancelled'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
