import { Controller, Get, Inject, Injectable, Optional } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '@permits/auth';
import { REDIS } from '@permits/queue';

@Injectable()
export class RedisHealth {
  constructor(private readonly indicators: HealthIndicatorService) {}

  async check(key: string, redis: Redis) {
    const indicator = this.indicators.check(key);
    try {
      await redis.ping();
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }
}

/** /health/live (the process answers), /health/ready and /health (PostgreSQL and Redis, when the process uses them; @nestjs/terminus). */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly redisHealth: RedisHealth,
    @Optional() private readonly db?: TypeOrmHealthIndicator,
    @Optional() private readonly dataSource?: DataSource,
    @Optional() @Inject(REDIS) private readonly redis?: Redis,
  ) {}

  /** Liveness: the process answers (nothing else is asked, so a database outage never gets it restarted). */
  @Public()
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis answer, so requests sent here can be served (503 otherwise). */
  @Public()
  @Get('health/ready')
  @HealthCheck()
  ready() {
    return this.check();
  }

  /** The readiness check under its long-standing name. */
  @Public()
  @Get('health')
  @HealthCheck()
  check() {
    const checks = [];
    if (this.dataSource && this.db) {
      const db = this.db;
      const connection = this.dataSource;
      checks.push(() => db.pingCheck('database', { connection, timeout: 3000 }));
    }
    if (this.redis) {
      const redis = this.redis;
      checks.push(() => this.redisHealth.check('redis', redis));
    }
    return this.health.check(checks);
  }
}
