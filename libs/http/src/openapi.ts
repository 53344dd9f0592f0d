import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, ApiSecurity, getSchemaPath } from '@nestjs/swagger';
import type { SecuritySchemeObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { STATUS_CODES } from 'node:http';
import { DOMAIN_ERROR_STATUS } from '@permits/core';
import { ErrorResponse, genericErrorCode } from './errors';

/** What an error status means in this API, for the document (the `code`s it may carry follow). */
const MEANING: Record<number, string> = {
  400: 'Invalid input: `message` names each invalid field',
  401: 'No token, or a token that is invalid or expired',
  403: 'The caller may not do this (role, department or enterprise)',
  404: 'Not found, or not visible to the caller',
  409: 'Conflicts with the current state (the case moved on, someone else changed it)',
  413: 'Body too large',
  415: 'Unsupported content type',
  422: 'Well formed but cannot be processed as it stands',
  429: 'Too many requests: slow down',
  503: 'PostgreSQL or Redis briefly unavailable: try again after `Retry-After` seconds',
};

/** The codes an answer of `status` may carry. */
export function codesFor(status: number): string[] {
  const domain = Object.entries(DOMAIN_ERROR_STATUS)
    .filter(([, s]) => s === status)
    .map(([c]) => c);
  return [...new Set([genericErrorCode(status), ...domain])].sort();
}

/**
 * The error answers an operation can give, each the shared `ErrorResponse` schema with an example:
 * `@ApiErrors(400, 401, 403, 404)`. 503 (database or Redis unavailable) is added to every one.
 */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  const all = [...new Set([...statuses, 503])].sort((a, b) => a - b);
  return applyDecorators(
    ApiExtraModels(ErrorResponse),
    ...all.map((status) => {
      const codes = codesFor(status);
      return ApiResponse({
        status,
        description: `${MEANING[status] ?? STATUS_CODES[status] ?? 'Error'} (code: ${codes.join(', ')})`,
        content: {
          'application/json': {
            schema: { $ref: getSchemaPath(ErrorResponse) },
            example: {
              statusCode: status,
              error: STATUS_CODES[status] ?? 'Error',
              message: MEANING[status] ?? 'error',
              code: codes.includes(genericErrorCode(status)) ? genericErrorCode(status) : codes[0],
            },
          },
        },
      });
    }),
  );
}

/** The security scheme of the signed integrations (the national EIA system, the online monitoring platform). */
export const SIGNED_REQUEST_SCHEME = 'signedRequest';
export const SIGNED_REQUEST_SECURITY: SecuritySchemeObject = {
  type: 'apiKey',
  in: 'header',
  name: 'X-Signature',
  description:
    'HMAC-SHA256 request signature of a trusted outside system (no bearer token). Send three headers: `X-Timestamp` (Unix time in seconds, within 300 s of the server clock), ' +
    '`X-Nonce` (1–128 visible ASCII characters, never reused within 15 minutes) and `X-Signature` = lowercase hex HMAC-SHA256, keyed with the shared secret ' +
    '(NATIONAL_EIA_SECRET or MONITORING_SECRET), over `X-Timestamp + "\\n" + X-Nonce + "\\n" + the exact body bytes`. A missing, stale, replayed or wrong signature answers 401.',
};

/** An operation authenticated by a request signature instead of a bearer token. */
export const ApiSignedRequest = () => ApiSecurity(SIGNED_REQUEST_SCHEME);

type SchemaNode = Record<string, unknown>;

/**
 * `@ApiProperty({ type: Dto, nullable: true })` comes out as `{ nullable: true, type: 'object', allOf: [{ $ref }] }`,
 * which under OpenAPI 3.0.3 refuses `null` (`nullable` widens only `type`, and the `allOf` still demands the object):
 * a validating proxy or a generated portal rejects an answer with `sla: null`. Rewrites every such schema in place
 * to `anyOf: [{ $ref }, { type: 'object', nullable: true, enum: [null] }]`, which means what the DTO says.
 */
export function nullableRefs<T>(doc: T): T {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const s = node as SchemaNode;
    const all = s.allOf as SchemaNode[] | undefined;
    if (s.nullable === true && Array.isArray(all) && all.length === 1 && typeof all[0].$ref === 'string') {
      delete s.nullable;
      delete s.type;
      delete s.allOf;
      s.anyOf = [all[0], { type: 'object', nullable: true, enum: [null] }];
    }
    Object.values(s).forEach(visit);
  };
  visit(doc);
  return doc;
}
