import { INestApplication, Type } from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { BaseConfig, exitAfterGrace } from '@permits/config';
import { exitOnServiceRoleProblem } from '@permits/persistence/database';
import { DataSource } from 'typeorm';
import { answerAfterTheBody, bodyShapeProblem } from './body';
import { bodyParserStatus, errorBody, ErrorResponse } from './errors';
import { nullableRefs, SIGNED_REQUEST_SCHEME, SIGNED_REQUEST_SECURITY } from './openapi';
import { Metrics } from './metrics';

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
  /** Paths (prefix match) that take raw bodies of their own, e.g. multipart uploads or signed webhooks. */
  rawBodyPaths?: string[];
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

/** Creates, configures and starts one service's HTTP process. SIGTERM drains it (enableShutdownHooks). */
export async function bootstrapHttp(module: Type<unknown>, opts: HttpBootstrapOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  // X-Forwarded-For counts only from the proxies we were told of (the gateway's address), as at the gateway
  app.set('trust proxy', opts.config.trustedProxies());
  app.set('x-powered-by', false);
  app.use(helmet());
  app.use(app.get(Metrics).middleware());
  const raw = opts.rawBodyPaths ?? [];
  const jsonParser = express.json({
    limit: BODY_LIMIT,
    // keep the exact bytes: signed integrations verify an HMAC over them
    verify: (req, _res, buf) => {
      (req as unknown as { rawBody?: Buffer }).rawBody = buf;
    },
  });
  app.use(answerAfterTheBody);
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    // a NUL in a path or query value would reach PostgreSQL, whose text refuses it
    if (/%00/.test(req.url)) return res.status(400).json(errorBody(400, ['the URL must not contain NUL characters']));
    next();
  });
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (raw.some((p) => req.path.startsWith(p))) return next();
    return jsonParser(req, res, (err?: unknown) => {
      if (err) return next(err);
      const problem = bodyShapeProblem(req.body);
      if (problem) return res.status(400).json(errorBody(400, [problem]));
      next();
    });
  });
  // body-parser failures never reach Nest's filters: answer them here in the same JSON shape.
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    const status = bodyParserStatus(err);
    if (!status) return next(err);
    res.status(status.status).json(errorBody(status.status, status.message));
  });
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
