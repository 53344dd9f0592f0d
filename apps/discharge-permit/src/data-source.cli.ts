import { DataSource } from 'typeorm';
import { BaseConfig, loadConfig } from '@permits/config';
import { dischargePermitDataSourceOptions } from './data-source';

/** For the TypeORM CLI only: `npx typeorm migration:generate -d dist/apps/discharge-permit/src/data-source.cli.js migrations/discharge-permit/Name`. */
export default new DataSource(dischargePermitDataSourceOptions(loadConfig(BaseConfig).DATABASE_URL, undefined, undefined, null));
