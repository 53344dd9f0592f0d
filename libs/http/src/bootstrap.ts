import { INestApplication, Type } from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import multipart from '@fastify/multipart';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { BaseConfig, exitAfterGrace } from '@permits/config';
import { exitOnServiceRoleProblem } from '@permits/persistence/database';
import { DataSource } from 'typeorm';
import { ErrorResponse } from './errors';
import { configureFastify, fastifyAdapter } from './fastify';
import { nullableRefs, SIGNED_REQUEST_SCHEME, SIGNED_REQUEST_SECURITY } from './openapi';

export const BODY_LIMIT = '1mb';

/**
 * How long an idle keep-alive connection stays open. Well above the gateway's pooled-connection idle time
 * (UPSTREAM_IDLE_MS), so a connection the gateway reuses is never one the service is closing at that moment
 * (Node's default, 5 s, raced the gateway's reuse under load: ECONNRESET). Headers must arrive within it too.
 */
export const KEEP_ALIVE_MS = 65_000;

/** Applies KEEP_ALIVE_MS to a listening HTTP server. */
export function keepConnectionsAlive(server: { keepAliveTimeout: number; headersTimeout: number }): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Node wants headersTimeout above keepAliveTimeout, or it may cut a request that arrives as the connection idles out
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}

export interface HttpBootstrapOptions {
  title: string;
  port: number;
  config: BaseConfig;
}

export const PORTAL_API_DESCRIPTION =
  'Environmental permit approvals: portal API v1, one base URL for intake, EIA review, discharge permits, notification and supervision (shared/API.md). Every error answers the ErrorResponse schema, whose `code` a program can switch on.';

/** The OpenAPI document of one service (scripts/openapi.ts merges them into the one the gateway serves). */
export function buildOpenApi(app: INestApplication, title: string) {
  const doc = new DocumentBuilder()
    .setTitle(title)
    .setDescription(PORTAL_API_DESCRIPTION)
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT from the identity provider (development: `npm run token`)' },
      'bearer',
    )
    .addSecurity(SIGNED_REQUEST_SCHEME, SIGNED_REQUEST_SECURITY)
    .build();
  return nullableRefs(SwaggerModule.createDocument(app, doc, { extraModels: [ErrorResponse] }));
}

/** Creates, configures and starts one service's HTTP process (Fastify). SIGTERM drains it (enableShutdownHooks). */
export async function bootstrapHttp(module: Type<unknown>, opts: HttpBootstrapOptions): Promise<NestFastifyApplication> {
  // X-Forwarded-For counts only from the proxies we were told of (the gateway's address), as at the gateway
  const app = await NestFactory.create<NestFastifyApplication>(module, fastifyAdapter({ trustProxy: opts.config.trustedProxies() }), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  await configureFastify(app, { json: 'parse' });
  // multipart bodies are read by the route that takes them (POST /api/v1/files), after its guards, with its own limits
  await app.register(multipart as never, { throwFileSizeLimit: true } as never);
  app.enableShutdownHooks();
  exitAfterGrace(opts.config);
  const document = buildOpenApi(app, opts.title);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await exitOnServiceRoleProblem(optionalDataSource(app), opts.config.NODE_ENV === 'production', opts.title);
  await app.listen(opts.port, opts.config.BIND_ADDRESS);
  keepConnectionsAlive(app.getHttpServer());
  return app;
}

/**
 * The service's DataSource, when it has one (the tests' small apps have none). Looked up through ModuleRef: a
 * failed `app.get` on the application itself ends the process (Nest's abortOnError).
 */
function optionalDataSource(app: INestApplication): DataSource | undefined {
  try {
    return app.get(ModuleRef).get(DataSource, { strict: false });
  } catch {
    return undefined;
  }
}
