import { DataSource } from 'typeorm';
import { BaseConfig, loadConfig } from '@permits/config';
import { notificationDataSourceOptions } from './data-source';

/** For the TypeORM CLI only: `npx typeorm migration:generate -d dist/apps/notification/src/data-source.cli.js migrations/notification/Name`. */
export default new DataSource(notificationDataSourceOptions(loadConfig(BaseConfig).DATABASE_URL, undefined, undefined, null));
