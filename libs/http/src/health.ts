import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { Public } from '@permits/auth';
import { REDIS } from '@permits/queue';
import { DatabaseHealth, RedisHealth } from './health-indicators';

export { DatabaseHealth, RedisHealth } from './health-indicators';

/** /health/live (the process answers), /health/ready and /health (PostgreSQL and Redis, when the process uses them; @nestjs/terminus). */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly redisHealth: RedisHealth,
    private readonly databaseHealth: DatabaseHealth,
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
    const database = this.databaseHealth.check('database');
    if (database) checks.push(database);
    if (this.redis) {
      const redis = this.redis;
      checks.push(() => this.redisHealth.check('redis', redis));
    }
    return this.health.check(checks);
  }
}
