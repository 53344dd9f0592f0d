// The enterprise side's only way to the server: openapi-fetch over the types generated from
// apps/gateway/openapi.json (libs/api-client, `npm run gen:client`), so a call that drifts from the document
// fails to compile. Three addresses of API.md are not in the document yet (being built beside this): they are
// declared below from API.md in the same shape, and the generated ones replace them once they are there.
import createClient from 'openapi-fetch';
import type { components, paths } from '../../../../libs/api-client/src/schema';
import { signOut, token } from './session';

export type Schemas = components['schemas'];
export type Application = Schemas['ApplicationDto'];
export type ApplicationSummary = Schemas['ApplicationSummaryDto'];
export type Sla = Schemas['SlaDto'];
export type HistoryLine = Schemas['HistoryLineDto'];
export type CatalogItem = Schemas['CatalogItemDto'];
export type SubItem = Schemas['CatalogSubItemDto'];
export type CatalogMaterial = Schemas['CatalogMaterialDto'];
export type Material = Schemas['MaterialDto'];
export type Notification = Schemas['NotificationDto'];
export type Permit = Schemas['PermitDto'];
export type Penalty = Schemas['PenaltyDto'];
export type Labels = Schemas['LabelsDto']['labels'];
export type StoredFile = paths['/api/v1/files']['post']['responses'][201]['content']['application/json'];
export type ErrorCode = Schemas['ErrorResponse']['code'];

/** The address anyone (no token) checks a permit at (API.md "Permits"): what the certificate's QR code holds. */
export const publicPermitUrl = (permitNo: string) => `${window.location.origin}/api/v1/public/permits/${encodeURIComponent(permitNo)}`;

/** The API refused: its status, stable code (what the screens switch on) and message (shown folded as the detail). */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use({
  onRequest({ request }) {
    const t = token();
    if (t) request.headers.set('Authorization', `Bearer ${t}`);
    return request;
  },
});

function refusal(status: number, body: unknown, statusText: string): Refusal {
  const b = (body ?? {}) as { code?: string; message?: string | string[] };
  const message = Array.isArray(b.message) ? b.message.join('; ') : (b.message ?? statusText);
  return new Refusal(status, b.code ?? `HTTP_${status}`, message);
}

/** The answer's data, or a Refusal (a 401 also signs out: the token will not get better). */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  if (response.status === 401) signOut();
  throw refusal(response.status, error, response.statusText);
}

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * Uploads a material (POST /api/v1/files, multipart field `file`) with XMLHttpRequest, for its upload progress
 * (fetch reports none). A file over 50 MiB is refused here with the API's own code, before a byte is sent.
 */
export function upload(file: File, onProgress: (share: number) => void): { done: Promise<StoredFile>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<StoredFile>((resolve, reject) => {
    if (file.size > MAX_UPLOAD_BYTES) return reject(new Refusal(413, 'PAYLOAD_TOO_LARGE', `${file.name}: ${file.size} bytes, over 50 MiB`));
    xhr.open('POST', '/api/v1/files');
    const t = token();
    if (t) xhr.setRequestHeader('Authorization', `Bearer ${t}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status === 200 || xhr.status === 201) {
        onProgress(1);
        resolve(xhr.response as StoredFile);
        return;
      }
      if (xhr.status === 401) signOut();
      reject(refusal(xhr.status, xhr.response, xhr.statusText));
    };
    xhr.onerror = () => reject(new Refusal(0, 'NETWORK', 'the upload did not reach the server'));
    xhr.onabort = () => reject(new Refusal(0, 'ABORTED', 'upload cancelled'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** Saves a blob the API answered under a file name. */
export function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
