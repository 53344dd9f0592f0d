import { Logger } from '@nestjs/common';
import { OpenAPIObject } from '@nestjs/swagger';
import { GatewayConfig, SERVICE_NAMES } from '@permits/config';

/** Merges the services' OpenAPI documents into the one the portal reads at /docs-json. */
export function mergeOpenApi(docs: OpenAPIObject[]): OpenAPIObject {
  const merged: OpenAPIObject = {
    openapi: '3.0.0',
    info: { title: 'Environmental permit approvals — portal API', version: '1', description: 'One base URL for intake, EIA review, discharge permits and notification (shared/API.md).' },
    paths: {},
    components: { schemas: {}, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    tags: [],
  };
  for (const d of docs) {
    for (const [path, item] of Object.entries(d.paths ?? {})) {
      if (path.startsWith('/api/v1/cases') || path.startsWith('/internal')) continue; // gateway-internal
      merged.paths[path] = { ...(merged.paths[path] ?? {}), ...item };
    }
    Object.assign(merged.components!.schemas!, d.components?.schemas ?? {});
    for (const t of d.tags ?? []) if (!merged.tags!.some((x) => x.name === t.name)) merged.tags!.push(t);
  }
  return merged;
}

/** Fetches every service's document, waiting for services still starting (bounded). */
export async function fetchServiceDocs(config: GatewayConfig, waitMs = 60_000): Promise<OpenAPIObject[]> {
  const logger = new Logger('Docs');
  const deadline = Date.now() + waitMs;
  const docs: OpenAPIObject[] = [];
  for (const s of SERVICE_NAMES) {
    for (;;) {
      try {
        const r = await fetch(`${config.serviceUrl(s)}/docs-json`, { signal: AbortSignal.timeout(3000) });
        if (r.ok) {
          docs.push((await r.json()) as OpenAPIObject);
          break;
        }
      } catch {
        /* still starting */
      }
      if (Date.now() > deadline) {
        logger.warn(`no OpenAPI document from ${s}; /docs will lack its paths`);
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return docs;
}
