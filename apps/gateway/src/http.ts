import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { TokenVerifier } from '@permits/auth';
import { GatewayConfig } from '@permits/config';
import { configureFastify, fastifyAdapter } from '@permits/http';
import { consoleDir, consoleStatic } from './console-static';
import { committedOpenApi } from './docs';
import { devTokens, GatewayModule } from './gateway.module';
import { QUEUE_BOARD_PATH, queueBoard } from './queue-board';
import { QueueDepth } from './queue-depth';

/** The gateway's application on Fastify, configured but not listening (main.ts starts it; the int-specs too). */
export async function createGateway(config: GatewayConfig, opts: { logger?: false } = {}): Promise<NestFastifyApplication> {
  // X-Forwarded-For counts only when the peer is a proxy we were told of (default: none)
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config), fastifyAdapter({ trustProxy: config.trustedProxies() }), {
    bufferLogs: opts.logger === undefined,
    bodyParser: false, // ours: libs/http/src/fastify.ts
    ...(opts.logger === false ? { logger: false } : {}),
  });
  if (opts.logger === undefined) app.useLogger(app.get(Logger));
  // the gateway streams bodies to the services unparsed; the development token route is its own, so it parses
  await configureFastify(app, {
    helmet: { contentSecurityPolicy: false }, // Swagger UI needs inline scripts
    json: 'stream',
    jsonPaths: devTokens(config) ? [{ prefix: '/api/v1/dev/token', limit: 16 * 1024 }] : [],
  });
  if (config.CORS_ORIGINS) {
    app.enableCors({
      origin: config.CORS_ORIGINS === '*' ? true : config.CORS_ORIGINS.split(',').map((o) => o.trim()),
      credentials: false,
      exposedHeaders: ['x-correlation-id'],
    });
  }
  // the staff console: static files, talking to the same /api/v1 as any portal
  await app.register(consoleStatic(consoleDir(config.CONSOLE_DIR)) as never, { prefix: '/console' } as never);
  // Bull Board over every queue, admins only (apps/gateway/src/queue-board.ts)
  await app.register(queueBoard(app.get(QueueDepth).client, app.get(TokenVerifier)) as never, { prefix: QUEUE_BOARD_PATH } as never);
  // the committed document, built from the services' DTOs at build time (scripts/openapi.ts)
  SwaggerModule.setup('docs', app, committedOpenApi(), { jsonDocumentUrl: 'docs-json', swaggerOptions: { persistAuthorization: true } });
  return app;
}
