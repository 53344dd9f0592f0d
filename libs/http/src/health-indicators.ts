import { Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';

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

/** PostgreSQL answers (terminus's TypeORM ping), for a process that has a database; none: nothing to check. */
@Injectable()
export class DatabaseHealth {
  constructor(
    @Optional() private readonly indicator?: TypeOrmHealthIndicator,
    @Optional() private readonly connection?: DataSource,
  ) {}

  /** The check for terminus, or undefined when this process has no database. */
  check(key: string) {
    const { indicator, connection } = this;
    return indicator && connection ? () => indicator.pingCheck(key, { connection, timeout: 3000 }) : undefined;
  }
}
