import { DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, Reflector } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { AuthGuard, TokenVerifier } from '@permits/auth';
import { BaseConfig, TokenVerificationSettings } from '@permits/config';
import { ErrorFilter, validationExceptionFactory } from './errors';
import { DatabaseHealth, HealthController, RedisHealth } from './health';
import { LOG_REDACT, safeErrorSerializer } from './log-safety';
import { Metrics, MetricsController } from './metrics';
import { CONFIG } from './tokens';

/** JSON logs, one line per event, named by process (nestjs-pino / pino). */
export function pinoOptions(service: string, config: BaseConfig) {
  return { name: service, level: config.LOG_LEVEL, serializers: { err: safeErrorSerializer }, redact: LOG_REDACT };
}

/** Logging for a process without HTTP (a worker). */
export function workerLoggerModule(service: string, config: BaseConfig): DynamicModule {
  return LoggerModule.forRoot({ pinoHttp: pinoOptions(service, config) });
}

export interface PlatformOptions {
  service: string;
  config: TokenVerificationSettings;
  /** false: the app serves /health and /metrics itself (the gateway aggregates the services'). */
  ownHealthAndMetrics?: boolean;
}

/**
 * What every HTTP process of ours has: the validated config, JSON logs (nestjs-pino's app logger),
 * the bearer-token guard, one error filter, the strict validation pipe, /health and /metrics.
 */
@Module({})
export class HttpPlatformModule {
  static forRoot({ service, config, ownHealthAndMetrics = true }: PlatformOptions): DynamicModule {
    const verifier = new TokenVerifier(config);
    return {
      module: HttpPlatformModule,
      global: true,
      imports: [
        // the app's logger only: no per-request middleware (the correlation id is Fastify's request id, and
        // libs/http/src/fastify.ts logs each 5xx with it, other requests at debug)
        LoggerModule.forRoot({ pinoHttp: pinoOptions(service, config), forRoutes: [] }),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: ownHealthAndMetrics ? [HealthController, MetricsController] : [],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: Metrics, useValue: new Metrics(service) },
        RedisHealth,
        DatabaseHealth,
        { provide: TokenVerifier, useValue: verifier },
        { provide: APP_GUARD, useFactory: (r: Reflector) => new AuthGuard(r, verifier), inject: [Reflector] },
        { provide: APP_FILTER, useClass: ErrorFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            transform: true,
            exceptionFactory: validationExceptionFactory,
          }),
        },
      ],
      exports: [CONFIG, Metrics, TokenVerifier],
    };
  }
}
