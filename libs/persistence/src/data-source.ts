import { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { InboxRow, OutboxRow } from './outbox.entity';
import { SafeTypeOrmLogger } from './safe-logger';

/** The tables every service has in its own schema. */
export const PLATFORM_ENTITIES = [OutboxRow, InboxRow];

export interface ServiceDataSourceOptions {
  url: string;
  /** This service's Postgres schema: no service reads another's. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/ban-types
  entities: MixedList<Function | string | EntitySchema>;
  migrations?: MixedList<Function | string>;
  poolSize?: number;
  applicationName?: string;
}

export function serviceDataSourceOptions(o: ServiceDataSourceOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: o.url,
    schema: o.schema,
    entities: [...(o.entities as unknown[]), ...PLATFORM_ENTITIES] as DataSourceOptions['entities'],
    migrations: o.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    logger: new SafeTypeOrmLogger(),
    applicationName: o.applicationName ?? o.schema,
    // raw SQL resolves to this service's schema too; a pool that cannot hand out a connection in 15 s
    // fails the request (503) rather than hanging
    extra: { max: o.poolSize ?? 10, options: `-c search_path=${o.schema}`, connectionTimeoutMillis: 15_000 },
  } as DataSourceOptions;
}

export function createServiceDataSource(o: ServiceDataSourceOptions): DataSource {
  return new DataSource(serviceDataSourceOptions(o));
}
