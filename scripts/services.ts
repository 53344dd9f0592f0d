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

/**
 * V8 flags every service process runs with (`npm start`, the test and bench systems; the image sets the same
 * in NODE_OPTIONS for docker-compose and the Kubernetes manifests): 4 MiB semi-spaces instead of 16.
 * A request's garbage dies young, so scavenges stay cheap, and the process no longer holds 32+ MiB of
 * mostly-empty young space (issue 16, target 5: peak RSS; bench/results for the before and after).
 */
export const NODE_PROCESS_FLAGS = ['--max-semi-space-size=4'];

/** The processes `npm start` runs: an HTTP entry and a worker entry per service, then the gateway. */
export const PROCESSES: { name: string; service: ServiceName | 'gateway'; entry: string }[] = [
  ...(['intake', 'eia-review', 'discharge-permit', 'notification', 'supervision'] as ServiceName[]).flatMap((s) => [
    { name: `${s}-http`, service: s, entry: `apps/${s}/src/main.js` },
    { name: `${s}-worker`, service: s, entry: `apps/${s}/src/worker.js` },
  ]),
  { name: 'gateway', service: 'gateway', entry: 'apps/gateway/src/main.js' },
];
