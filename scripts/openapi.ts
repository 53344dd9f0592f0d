import 'reflect-metadata';
import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { OpenAPIObject } from '@nestjs/swagger';
import { isDeepStrictEqual } from 'node:util';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  DischargePermitHttpConfig,
  EiaReviewHttpConfig,
  GatewayConfig,
  IntakeHttpConfig,
  loadConfig,
  NotificationHttpConfig,
  SupervisionHttpConfig,
} from '@permits/config';
import { buildOpenApi, PORTAL_API_DESCRIPTION } from '@permits/http';
import { DischargePermitHttpModule } from '../apps/discharge-permit/src/discharge-permit.module';
import { EiaReviewHttpModule } from '../apps/eia-review/src/eia-review.module';
import { GatewayModule } from '../apps/gateway/src/gateway.module';
import { IntakeHttpModule } from '../apps/intake/src/intake.module';
import { NotificationHttpModule } from '../apps/notification/src/notification.module';
import { SupervisionHttpModule } from '../apps/supervision/src/supervision.module';

/**
 * The portal's OpenAPI document, built from the services' controllers and DTOs without running anything:
 * each service's HTTP module is created in Nest's preview mode (the module graph and its routes, no provider
 * instantiated: no database, no Redis), documented, and the documents merged. The result is committed as
 * apps/gateway/openapi.json, served by the gateway at /docs, and checked against the code by
 * scripts/openapi.spec.ts.
 */

/** The settings the document is built with: fixed, so the machine's environment never changes the document. */
const DOC_ENV: NodeJS.ProcessEnv = { NODE_ENV: 'development', CLOCK: 'system', RATE_LIMIT_PER_MINUTE: '0' };

/** The services in the order their paths appear, then the gateway's own routes. */
const SOURCES: { name: string; module: () => DynamicModule }[] = [
  { name: 'intake', module: () => IntakeHttpModule.forRoot(loadConfig(IntakeHttpConfig, DOC_ENV)) },
  { name: 'eia-review', module: () => EiaReviewHttpModule.forRoot(loadConfig(EiaReviewHttpConfig, DOC_ENV)) },
  { name: 'discharge-permit', module: () => DischargePermitHttpModule.forRoot(loadConfig(DischargePermitHttpConfig, DOC_ENV)) },
  { name: 'notification', module: () => NotificationHttpModule.forRoot(loadConfig(NotificationHttpConfig, DOC_ENV)) },
  { name: 'supervision', module: () => SupervisionHttpModule.forRoot(loadConfig(SupervisionHttpConfig, DOC_ENV)) },
  { name: 'gateway', module: () => GatewayModule.forRoot(loadConfig(GatewayConfig, DOC_ENV)) },
];

/** Paths a service serves to the gateway only (the gateway composes them into the portal's answers). */
const INTERNAL = [/^\/api\/v1\/cases(\/|$)/, /^\/internal(\/|$)/];

/** One source's document, from its module in preview mode (nothing connects, nothing listens). */
export async function serviceDocument(module: DynamicModule, title: string): Promise<OpenAPIObject> {
  const app: INestApplication = await NestFactory.create(module, new FastifyAdapter(), {
    bodyParser: false,
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return buildOpenApi(app, title);
  } finally {
    await app.close();
  }
}

const sortKeys = <T>(o: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * Merges the sources' documents. The same operation (path and method) or the same schema name from two
 * sources must be identical (the case services share their casework controller); anything else fails loudly
 * rather than letting one silently overwrite the other.
 */
export function mergeOpenApi(docs: { name: string; doc: OpenAPIObject }[]): OpenAPIObject {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = {};
  const tags = new Map<string, { name: string; description?: string }>();
  const pathOwner = new Map<string, string>();
  const schemaOwner = new Map<string, string>();
  const conflicts: string[] = [];
  for (const { name, doc } of docs) {
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      if (INTERNAL.some((re) => re.test(path))) continue;
      const target = (paths[path] ??= {});
      for (const [method, op] of Object.entries(item as Record<string, unknown>)) {
        const key = `${method.toUpperCase()} ${path}`;
        if (method in target) {
          if (!isDeepStrictEqual(target[method], op)) conflicts.push(`${key}: ${pathOwner.get(key)} and ${name} document it differently`);
          continue;
        }
        target[method] = op;
        pathOwner.set(key, name);
      }
    }
    for (const [schema, body] of Object.entries(doc.components?.schemas ?? {})) {
      if (schema in schemas) {
        if (!isDeepStrictEqual(schemas[schema], body)) conflicts.push(`schema ${schema}: ${schemaOwner.get(schema)} and ${name} define it differently`);
        continue;
      }
      schemas[schema] = body;
      schemaOwner.set(schema, name);
    }
    for (const t of doc.tags ?? []) if (!tags.has(t.name)) tags.set(t.name, t);
  }
  if (conflicts.length) throw new Error(`OpenAPI merge conflicts:\n  ${conflicts.join('\n  ')}`);
  const securitySchemes: Record<string, unknown> = {};
  for (const { doc } of docs) Object.assign(securitySchemes, doc.components?.securitySchemes ?? {});
  return {
    openapi: '3.0.3',
    info: {
      title: 'Environmental permit approvals — portal API',
      version: '1',
      description: PORTAL_API_DESCRIPTION,
      license: { name: 'UNLICENSED', url: 'https://example.invalid/unlicensed' },
    },
    servers: [{ url: '/', description: 'the gateway (one base URL for every service)' }],
    tags: [...tags.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
    paths: sortKeys(paths) as OpenAPIObject['paths'],
    components: { schemas: sortKeys(schemas) as never, securitySchemes: sortKeys(securitySchemes) as never },
  };
}

/** The whole document, as the code describes it now. */
export async function generateOpenApi(): Promise<OpenAPIObject> {
  const docs: { name: string; doc: OpenAPIObject }[] = [];
  for (const s of SOURCES) docs.push({ name: s.name, doc: await serviceDocument(s.module(), s.name) });
  return mergeOpenApi(docs);
}

export const serialize = (doc: OpenAPIObject) => `${JSON.stringify(doc, null, 2)}\n`;

/**
 * `node dist/scripts/openapi.js`: regenerates apps/gateway/openapi.json (review its diff) and puts it beside the
 * compiled gateway. With CI set it never writes the committed file: a difference fails the build instead.
 */
async function main(): Promise<void> {
  const source = join(__dirname, '..', '..', 'apps', 'gateway', 'openapi.json'); // dist/scripts → repository
  const text = serialize(await generateOpenApi());
  const committed = existsSync(source) ? readFileSync(source, 'utf8') : '';
  if (committed !== text) {
    if (process.env.CI) {
      process.stderr.write('apps/gateway/openapi.json differs from what the code generates: run `npm run build` and commit the file\n');
      process.exit(1);
    }
    writeFileSync(source, text);
    process.stdout.write('apps/gateway/openapi.json regenerated: review and commit its diff, and run npm run gen:client for the typed client\n');
  }
  // where the compiled gateway reads it (apps/gateway/src/docs.ts)
  const served = join(__dirname, '..', 'apps', 'gateway', 'openapi.json');
  mkdirSync(dirname(served), { recursive: true });
  writeFileSync(served, text);
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
