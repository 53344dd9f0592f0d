import { DataSource } from 'typeorm';
import { BaseConfig, loadConfig } from '@permits/config';
import { eiaReviewDataSourceOptions } from './data-source';

/** For the TypeORM CLI only: `npx typeorm migration:generate -d dist/apps/eia-review/src/data-source.cli.js migrations/eia-review/Name`. */
export default new DataSource(eiaReviewDataSourceOptions(loadConfig(BaseConfig).DATABASE_URL, undefined, undefined, null));
