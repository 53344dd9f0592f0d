import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM's own log of a failed query, without what TypeORM's console logger prints with it: the
 * parameters (the request's values: names, credit codes, tokens) and the failing row. The query text
 * (placeholders only) and the SQLSTATE say what failed; the caller's error path logs the rest safely.
 */
export class SafeTypeOrmLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('TypeORM');

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    const e = error as { code?: string; constraint?: string; table?: string };
    this.logger.warn(
      { code: typeof error === 'object' ? e.code : undefined, table: e.table, constraint: e.constraint, query: query.slice(0, 500) },
      'query failed',
    );
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ time, query: query.slice(0, 500) }, 'slow query');
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
