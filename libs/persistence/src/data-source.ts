import { DataSource, DataSourceOptions, EntityManager, EntitySchema, MixedList } from 'typeorm';
import { InboxRow, OutboxRow } from './outbox.entity';
import { SafeTypeOrmLogger } from './safe-logger';

/** The tables every service has in its own schema. */
export const PLATFORM_ENTITIES = [OutboxRow, InboxRow];

export interface ServiceDataSourceOptions {
  url: string;
  /** This service's Postgres schema: no service reads another's. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own types for entity and migration classes
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- as above
  migrations?: MixedList<Function | string>;
  poolSize?: number;
  applicationName?: string;
  /** A read replica (DATABASE_READ_URL): `onReplica` reads go there; everything else stays on `url`. */
  readUrl?: string;
  /**
   * The PostgreSQL role every connection of this pool acts as (`-c role=…` at connect, i.e. SET ROLE): the
   * service's own role (serviceRole), which reaches only its schema. Unset: the login user's own rights (the
   * migration runner, which owns the schemas; the bench's seeder).
   */
  role?: string;
}

/** The PostgreSQL role of the service that owns `schema` (created by its migrations): `permits_intake`, … */
export function serviceRole(schema: string): string {
  return `permits_${schema}`;
}

/** The role a data source's connections act as (`role` of serviceDataSourceOptions), if any. */
export function roleOf(options: DataSourceOptions): string | undefined {
  const extra = (options as { extra?: { options?: string } }).extra;
  return /(?:^|\s)-c role=([a-z_]+)/.exec(extra?.options ?? '')?.[1];
}

export function serviceDataSourceOptions(o: ServiceDataSourceOptions): DataSourceOptions {
  if (o.role !== undefined && !/^[a-z_]+$/.test(o.role)) throw new Error(`not a role name: ${o.role}`);
  return {
    type: 'postgres',
    // with a replica, TypeORM's replication: the primary by default, the replica only where onReplica asks
    ...(o.readUrl ? { replication: { master: { url: o.url }, slaves: [{ url: o.readUrl }], defaultMode: 'master' } } : { url: o.url }),
    schema: o.schema,
    entities: [...(o.entities as unknown[]), ...PLATFORM_ENTITIES] as DataSourceOptions['entities'],
    migrations: o.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    logger: new SafeTypeOrmLogger(),
    applicationName: o.applicationName ?? o.schema,
    // raw SQL resolves to this service's schema too, and every connection acts as the service's role (one that
    // reaches only this schema); a pool that cannot hand out a connection in 15 s fails the request (503) rather than hanging
    extra: { max: o.poolSize ?? 10, options: `-c search_path=${o.schema}${o.role ? ` -c role=${o.role}` : ''}`, connectionTimeoutMillis: 15_000 },
  } as DataSourceOptions;
}

export function createServiceDataSource(o: ServiceDataSourceOptions): DataSource {
  return new DataSource(serviceDataSourceOptions(o));
}

/**
 * Runs `read` on the read replica (DATABASE_READ_URL) when there is one, else on the primary: for the reads that
 * tolerate a little replication lag (reports, public lists, search). Never for a read that must see a write just
 * made (a command's answer, the case view after a command).
 */
export async function onReplica<T>(db: DataSource, read: (m: EntityManager) => Promise<T>): Promise<T> {
  if (!(db.options as { replication?: unknown }).replication) return read(db.manager);
  const runner = db.createQueryRunner('slave');
  try {
    return await read(runner.manager);
  } finally {
    await runner.release();
  }
}
