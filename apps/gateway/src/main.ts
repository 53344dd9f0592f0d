import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { exitAfterGrace, exitOnConfigError, GatewayConfig, loadConfig } from '@permits/config';
import { Metrics } from '@permits/http';
import { fetchServiceDocs, mergeOpenApi } from './docs';
import { GatewayModule } from './gateway.module';

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
    app.enableCors({ origin: config.CORS_ORIGINS === '*' ? true : config.CORS_ORIGINS.split(',').map((o) => o.trim()), credentials: false, exposedHeaders: ['x-correlation-id'] });
  }
  app.enableShutdownHooks();
  exitAfterGrace(config);
  const docs = mergeOpenApi(await fetchServiceDocs(config));
  SwaggerModule.setup('docs', app, docs, { jsonDocumentUrl: 'docs-json' });
  await app.listen(config.PORT, '0.0.0.0');
}

void main();
