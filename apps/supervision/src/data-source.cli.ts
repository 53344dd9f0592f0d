import { DataSource } from 'typeorm';
import { BaseConfig, loadConfig } from '@permits/config';
import { supervisionDataSourceOptions } from './data-source';

/** For the TypeORM CLI only: `npx typeorm migration:generate -d dist/apps/supervision/src/data-source.cli.js migrations/supervision/Name`. */
export default new DataSource(supervisionDataSourceOptions(loadConfig(BaseConfig).DATABASE_URL, undefined, undefined, null));
