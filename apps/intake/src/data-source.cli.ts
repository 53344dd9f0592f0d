import { DataSource } from 'typeorm';
import { BaseConfig, loadConfig } from '@permits/config';
import { intakeDataSourceOptions } from './data-source';

/** For the TypeORM CLI only: `npx typeorm migration:generate -d dist/apps/intake/src/data-source.cli.js migrations/intake/Name`. */
export default new DataSource(intakeDataSourceOptions(loadConfig(BaseConfig).DATABASE_URL, undefined, undefined, null));
