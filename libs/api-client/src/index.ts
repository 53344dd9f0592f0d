import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema';

/**
 * The portal's typed client: `paths` and `components` are generated from apps/gateway/openapi.json by
 * `npm run gen:client` (openapi-typescript), the calls made by openapi-fetch. A portal that drifts from the
 * document fails to compile; a service that drifts from its document fails test/client.e2e-spec.ts.
 */
export type { components, paths };
export type ApiClient = Client<paths>;
export type ErrorResponse = components['schemas']['ErrorResponse'];

/** A client of the gateway at `baseUrl`, sending `token` as the bearer token when given. */
export function createApiClient(baseUrl: string, token?: string, options: Omit<ClientOptions, 'baseUrl'> = {}): ApiClient {
  return createClient<paths>({
    ...options,
    baseUrl,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(options.headers as Record<string, string> | undefined) },
  });
}
