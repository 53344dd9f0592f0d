import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerModule } from '@nestjs/throttler';
import { GatewayConfig } from '@permits/config';
import { HttpPlatformModule } from '@permits/http';
import { Composer } from './compose';
import { OpsDeadLettersController } from './dead-letters.controller';
import { DevTokenController } from './dev-token.controller';
import { GatewayController } from './gateway.controller';
import { IntegrityReportController } from './integrity-report';
import { OpsController } from './ops.controller';
import { QueueDepth } from './queue-depth';
import { TaskStreamController, TaskStreamHub } from './task-stream';
import { taskIndexParts } from './task-index/task-index.module';
import { ClientThrottlerGuard } from './throttle';
import { Upstream } from './upstream';

/** Whether the development token route is mounted: DEV_TOKENS=1 and not production. */
export function devTokens(config: GatewayConfig): boolean {
  return config.DEV_TOKENS === '1' && config.NODE_ENV !== 'production';
}

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const rateLimited = config.RATE_LIMIT_PER_MINUTE > 0;
    // the task index (TASK_INDEX_DATABASE_URL): the open inbox from one table instead of the four case services
    const taskIndex = taskIndexParts(config);
    return {
      module: GatewayModule,
      imports: [
        HttpPlatformModule.forRoot({ service: 'gateway', config, ownHealthAndMetrics: false }),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'per-minute', ttl: 60_000, limit: Math.max(1, config.RATE_LIMIT_PER_MINUTE) }],
          errorMessage: 'too many requests: slow down',
          // counters in Redis under this deployment's prefix: every gateway shares them
          ...(rateLimited ? { storage: throttleStorage(config) } : {}),
        }),
      ],
      // the gateway's own routes before the catch-all proxy
      // POST /api/v1/dev/token exists only with DEV_TOKENS=1 outside production (config refuses it there)
      controllers: [
        OpsController,
        OpsDeadLettersController,
        ...(devTokens(config) ? [DevTokenController] : []),
        IntegrityReportController,
        TaskStreamController,
        ...taskIndex.controllers,
        GatewayController,
      ],
      providers: [
        { provide: GatewayConfig, useValue: config },
        Upstream,
        Composer,
        QueueDepth,
        TaskStreamHub,
        ...taskIndex.providers,
        ...(rateLimited ? [{ provide: APP_GUARD, useClass: ClientThrottlerGuard }] : []),
      ],
    };
  }
}

/** Rate-limit counters in Redis (REDIS_URL or the Sentinel-found master) under this deployment's prefix. */
function throttleStorage(config: GatewayConfig): ThrottlerStorageRedisService {
  const target = config.redisTarget();
  const keyPrefix = `${config.REDIS_PREFIX}:throttle:`;
  return typeof target === 'string' ? new ThrottlerStorageRedisService(target, { keyPrefix }) : new ThrottlerStorageRedisService({ ...target, keyPrefix });
}
