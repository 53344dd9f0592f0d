import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { exitAfterGrace, exitOnConfigError, GatewayConfig, loadConfig } from '@permits/config';
import { keepConnectionsAlive, Metrics } from '@permits/http';
import { TokenVerifier } from '@permits/auth';
import { consoleDir, consoleStatic } from './console-static';
import { committedOpenApi } from './docs';
import { QUEUE_BOARD_PATH, queueBoard } from './queue-board';
import { QueueDepth } from './queue-depth';
import { devTokens, GatewayModule } from './gateway.module';

/** The portal's front door on PORT: routes to the services, composes cross-service reads, limits rates. */
async function main(): Promise<void> {
  const config = exitOnConfigError(() => loadConfig(GatewayConfig));
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  // X-Forwarded-For counts only when the peer is a proxy we were told of (default: none)
  app.set('trust proxy', config.trustedProxies());
  app.set('x-powered-by', false);
  app.use(helmet({ contentSecurityPolicy: false })); // Swagger UI needs inline scripts
  app.use(app.get(Metrics).middleware());
  if (config.CORS_ORIGINS) {
    app.enableCors({
      origin: config.CORS_ORIGINS === '*' ? true : config.CORS_ORIGINS.split(',').map((o) => o.trim()),
      credentials: false,
      exposedHeaders: ['x-correlation-id'],
    });
  }
  // the gateway streams bodies to the services unparsed; the development token route is its own, so it parses
  if (devTokens(config)) app.use('/api/v1/dev/token', express.json({ limit: '16kb' }));
  // the staff console: static files, talking to the same /api/v1 as any portal
  app.use('/console', consoleStatic(consoleDir(config.CONSOLE_DIR)));
  app.enableShutdownHooks();
  exitAfterGrace(config);
  // Bull Board over every queue, admins only (apps/gateway/src/queue-board.ts)
  app.use(QUEUE_BOARD_PATH, queueBoard(app.get(QueueDepth).client, app.get(TokenVerifier)));
  // the committed document, built from the services' DTOs at build time (scripts/openapi.ts)
  SwaggerModule.setup('docs', app, committedOpenApi(), { jsonDocumentUrl: 'docs-json', swaggerOptions: { persistAuthorization: true } });
  await app.listen(config.PORT, '0.0.0.0');
  keepConnectionsAlive(app.getHttpServer());
}

void main();
