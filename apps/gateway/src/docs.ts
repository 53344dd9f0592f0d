import { OpenAPIObject } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The portal's OpenAPI document as committed (apps/gateway/openapi.json, generated from the services' DTOs by
 * scripts/openapi.ts at build time and copied beside the compiled gateway). The gateway serves it as it is:
 * it never asks the services for theirs.
 */
export function committedOpenApi(file = join(__dirname, '..', 'openapi.json')): OpenAPIObject {
  return JSON.parse(readFileSync(file, 'utf8')) as OpenAPIObject;
}
