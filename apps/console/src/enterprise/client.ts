// The enterprise side's only way to the server: openapi-fetch over the types generated from
// apps/gateway/openapi.json (libs/api-client, `npm run gen:client`), so a call that drifts from the document
// fails to compile. Three addresses of API.md are not in the document yet (being built beside this): they are
// declared below from API.md in the same shape, and the generated ones replace them once they are there.
import createClient from 'openapi-fetch';
import type { components, paths } from '../../../../libs/api-client/src/schema';
import { ApiError, bearer, refusal } from '../http';
import { signOut, token } from './session';

export { ApiError, ok, save } from '../http';

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

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(bearer(token, signOut));

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * Uploads a material (POST /api/v1/files, multipart field `file`) with XMLHttpRequest, for its upload progress
 * (fetch reports none). A file over 50 MiB is refused here with the API's own code, before a byte is sent.
 */
export function upload(file: File, onProgress: (share: number) => void): { done: Promise<StoredFile>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<StoredFile>((resolve, reject) => {
    if (file.size > MAX_UPLOAD_BYTES) return reject(new ApiError(413, 'PAYLOAD_TOO_LARGE', `${file.name}: ${file.size} bytes, over 50 MiB`));
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
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'the upload did not reach the server'));
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', 'upload cancelled'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
