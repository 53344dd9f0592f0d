import { INestApplicationContext, Type } from '@nestjs/common';
import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

/** Starts a worker process (no HTTP): consumers and relays start on bootstrap and drain on SIGTERM. */
export async function bootstrapWorker(module: Type<unknown> | DynamicModule): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(module, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  return app;
}
