import Ajv, { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Middleware } from 'openapi-fetch';
import { ApiClient, createApiClient } from '../../libs/api-client/src';
import { RunningSystem } from './system';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- untyped JSON from the API, checked by the schema

/** The committed document, the one the typed client is generated from. */
export const OPENAPI = JSON.parse(readFileSync(join(__dirname, '..', '..', 'apps', 'gateway', 'openapi.json'), 'utf8')) as Json;

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(OPENAPI, 'openapi');
const compiled = new Map<string, ValidateFunction>();
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/**
 * Checks an answer against the document: its status must be one the operation documents, and a JSON body must
 * match the documented schema (required fields, types, enums, nullability). Returns what differs.
 */
export function contractProblems(method: string, schemaPath: string, status: number, body: unknown): string[] {
  const op = OPENAPI.paths[schemaPath]?.[method.toLowerCase()];
  if (!op) return [`${method} ${schemaPath} is not in the document`];
  const documented = op.responses[String(status)];
  if (!documented) return [`${method} ${schemaPath} answered ${status}, which the document does not list (${Object.keys(op.responses).join(', ')})`];
  if (!documented.content?.['application/json'] || body === undefined) return [];
  const ref = `openapi#/${pointer('paths', schemaPath, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema')}`;
  let validate = compiled.get(ref);
  if (!validate) compiled.set(ref, (validate = ajv.compile({ $ref: ref })));
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${method} ${schemaPath} ${status}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Fails the call when an answer drifts from the document (see contractProblems). */
export const contractCheck: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    const json = (response.headers.get('content-type') ?? '').includes('application/json');
    const body = json ? await response.clone().json() : undefined;
    const problems = contractProblems(request.method, schemaPath, response.status, body);
    if (problems.length)
      throw new Error(`the answer drifts from apps/gateway/openapi.json:\n  ${problems.join('\n  ')}\n  body: ${JSON.stringify(body).slice(0, 2000)}`);
    return response;
  },
};

/** The typed client (libs/api-client) against the running gateway, as `user`, every answer checked against the document. */
export function clientFor(sys: RunningSystem, user?: { auth: string }): ApiClient {
  const client = createApiClient(sys.url, user?.auth.replace(/^Bearer /, ''));
  client.use(contractCheck);
  return client;
}

/** Each documented path as a pattern, literal paths before templated ones (`/tasks/stream` before `/tasks/{id}`). */
const ROUTES = Object.keys(OPENAPI.paths)
  .map((template) => ({
    template,
    params: (template.match(/\{[^}]+\}/g) ?? []).length,
    re: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }))
  .sort((a, b) => a.params - b.params);

/** The document's path template for a request path (query and trailing slash ignored), if it documents one. */
export function documentedPath(method: string, url: string): string | undefined {
  let path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').split(/[?#]/)[0];
  if (path.length > 1) path = path.replace(/\/+$/, '');
  return ROUTES.find((r) => r.re.test(path) && OPENAPI.paths[r.template][method.toLowerCase()])?.template;
}

const skipped = new Set<string>();

/**
 * What an answer to `method url` breaks of the committed document: the body of a documented status that does
 * not match its schema, or a success status the operation does not list. An operation the document does not
 * have (another engineer's new endpoint, a probe of a wrong path) and an error status it does not list are
 * logged once, not failed.
 */
export function answerProblems(method: string, url: string, status: number, contentType: string | undefined, body: unknown): string[] {
  const template = documentedPath(method, url);
  const note = (why: string) => {
    if (skipped.has(why)) return;
    skipped.add(why);
    process.stderr.write(`contract: not checked: ${why}\n`);
  };
  if (!template) {
    note(`${method.toUpperCase()} ${url.split('?')[0]} is not in apps/gateway/openapi.json`);
    return [];
  }
  const op = OPENAPI.paths[template][method.toLowerCase()];
  if (!op.responses[String(status)]) {
    if (status >= 400) {
      note(`${method.toUpperCase()} ${template} answered ${status}, not listed in the document`);
      return [];
    }
  }
  const json = (contentType ?? '').includes('application/json');
  return contractProblems(method, template, status, json ? body : undefined);
}
