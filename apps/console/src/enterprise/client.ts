// The enterprise side's only way to the server: openapi-fetch over the types generated from
// apps/gateway/openapi.json (libs/api-client, `npm run gen:client`), so a call that drifts from the document
// fails to compile. Three addresses of API.md are not in the document yet (being built beside this): they are
// declared below from API.md in the same shape, and the generated ones replace them once they are there.
import createClient from 'openapi-fetch';
import type { components, paths } from '../../../../libs/api-client/src/schema';
import { bearer, upload as send } from '../http';
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

/** Uploads a material as the signed-in enterprise's, with its progress (see `upload` in ../http). */
export const upload = (file: File, onProgress: (share: number) => void) =>
  send(file, onProgress, { token, onUnauthorized: signOut }) as { done: Promise<StoredFile>; abort: () => void };
