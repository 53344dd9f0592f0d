import { DataSourceOptions } from 'typeorm';
import { ServiceName } from '@permits/config';
import { dischargePermitDataSourceOptions } from '../apps/discharge-permit/src/data-source';
import { eiaReviewDataSourceOptions } from '../apps/eia-review/src/data-source';
import { intakeDataSourceOptions } from '../apps/intake/src/data-source';
import { notificationDataSourceOptions } from '../apps/notification/src/data-source';
import { supervisionDataSourceOptions } from '../apps/supervision/src/data-source';

/** Each service's Postgres schema and data source (one schema per service: no service reads another's). */
export const SERVICE_DATA: Record<ServiceName, { schema: string; options: (url: string) => DataSourceOptions }> = {
  intake: { schema: 'intake', options: intakeDataSourceOptions },
  'eia-review': { schema: 'eia_review', options: eiaReviewDataSourceOptions },
  'discharge-permit': { schema: 'discharge_permit', options: dischargePermitDataSourceOptions },
  notification: { schema: 'notification', options: notificationDataSourceOptions },
  supervision: { schema: 'supervision', options: supervisionDataSourceOptions },
};

/** The processes `npm start` runs: an HTTP entry and a worker entry per service, then the gateway. */
export const PROCESSES: { name: string; service: ServiceName | 'gateway'; entry: string }[] = [
  ...(['intake', 'eia-review', 'discharge-permit', 'notification', 'supervision'] as ServiceName[]).flatMap((s) => [
    { name: `${s}-http`, service: s, entry: `apps/${s}/src/main.js` },
    { name: `${s}-worker`, service: s, entry: `apps/${s}/src/worker.js` },
  ]),
  { name: 'gateway', service: 'gateway', entry: 'apps/gateway/src/main.js' },
];
