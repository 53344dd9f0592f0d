import { DataSourceOptions } from 'typeorm';
import {
  ConfigClass,
  DischargePermitHttpConfig,
  DischargePermitWorkerConfig,
  EiaReviewHttpConfig,
  EiaReviewWorkerConfig,
  GatewayConfig,
  IntakeHttpConfig,
  IntakeWorkerConfig,
  knownSecrets,
  NotificationHttpConfig,
  NotificationWorkerConfig,
  secretsOf,
  ServiceName,
  SupervisionHttpConfig,
  SupervisionWorkerConfig,
  TaskIndexWorkerConfig,
} from '@permits/config';
import { dischargePermitDataSourceOptions } from '../apps/discharge-permit/src/data-source';
import { eiaReviewDataSourceOptions } from '../apps/eia-review/src/data-source';
import { intakeDataSourceOptions } from '../apps/intake/src/data-source';
import { notificationDataSourceOptions } from '../apps/notification/src/data-source';
import { supervisionDataSourceOptions } from '../apps/supervision/src/data-source';

/**
 * Each service's Postgres schema and the data source the migration runner uses for it: the admin's own rights (no
 * service role), since it creates and alters the schema. The services themselves connect as their role.
 */
export const SERVICE_DATA: Record<ServiceName, { schema: string; options: (url: string) => DataSourceOptions }> = {
  intake: { schema: 'intake', options: (url) => intakeDataSourceOptions(url, undefined, undefined, null) },
  'eia-review': { schema: 'eia_review', options: (url) => eiaReviewDataSourceOptions(url, undefined, undefined, null) },
  'discharge-permit': { schema: 'discharge_permit', options: (url) => dischargePermitDataSourceOptions(url, undefined, undefined, null) },
  notification: { schema: 'notification', options: (url) => notificationDataSourceOptions(url, undefined, undefined, null) },
  supervision: { schema: 'supervision', options: (url) => supervisionDataSourceOptions(url, undefined, undefined, null) },
};

/**
 * The old generation's cap of every service process, MiB (`--max-old-space-size`). Without it V8 lets the old
 * generation grow to a share of the machine's memory before it collects hard (processes at 154–275 MiB under
 * load); with it every process collects before it passes the cap. Sized with headroom for the largest
 * whole-set work a process does: the double-random draw over 100,000 entities needs 48 MiB of old space on its
 * own (it fails at 40), a service process holds 40–50 MiB idle, and an audit anchor streams (two anchors of
 * 300,000 cases finish under 64). docs/performance.md and bench/results/2026-12-07-memory.md.
 */
export const OLD_SPACE_CAP_MIB = 128;

/**
 * V8 flags every service process runs with (`npm start`, the test and bench systems; the image sets the same
 * in NODE_OPTIONS for docker-compose and the Kubernetes manifests): 4 MiB semi-spaces instead of 16.
 * A request's garbage dies young, so scavenges stay cheap, and the process no longer holds 32+ MiB of
 * mostly-empty young space (issue 16, target 5: peak RSS; bench/results for the before and after); and the
 * old generation capped at OLD_SPACE_CAP_MIB (issue 26, lever 7).
 */
export const NODE_PROCESS_FLAGS = ['--max-semi-space-size=4', `--max-old-space-size=${OLD_SPACE_CAP_MIB}`];

/** Each process's config class (the one its entry point loads): the settings, and so the secrets, it may hold. */
const CONFIG_OF: Record<ServiceName, { http: ConfigClass; worker: ConfigClass }> = {
  intake: { http: IntakeHttpConfig, worker: IntakeWorkerConfig },
  'eia-review': { http: EiaReviewHttpConfig, worker: EiaReviewWorkerConfig },
  'discharge-permit': { http: DischargePermitHttpConfig, worker: DischargePermitWorkerConfig },
  notification: { http: NotificationHttpConfig, worker: NotificationWorkerConfig },
  supervision: { http: SupervisionHttpConfig, worker: SupervisionWorkerConfig },
};

export interface ProcessSpec {
  name: string;
  service: ServiceName | 'gateway';
  entry: string;
  /** The config class its entry point loads. */
  config: ConfigClass;
}

/** The processes `npm start` runs: an HTTP entry and a worker entry per service, then the gateway. */
export const PROCESSES: ProcessSpec[] = [
  ...(['intake', 'eia-review', 'discharge-permit', 'notification', 'supervision'] as ServiceName[]).flatMap((s) => [
    { name: `${s}-http`, service: s, entry: `apps/${s}/src/main.js`, config: CONFIG_OF[s].http },
    { name: `${s}-worker`, service: s, entry: `apps/${s}/src/worker.js`, config: CONFIG_OF[s].worker },
  ]),
  { name: 'gateway', service: 'gateway', entry: 'apps/gateway/src/main.js', config: GatewayConfig },
];

/**
 * The task index worker (issue 26 lever 3): queue task-index → the gateway's schema task_index. Started by the test
 * and bench systems where the gateway's task index is on (TASK_INDEX_DATABASE_URL); not yet in compose or the
 * Kubernetes manifests, whose gateway keeps asking the case services (docs/performance.md).
 */
export const TASK_INDEX_WORKER: ProcessSpec = {
  name: 'task-index-worker',
  service: 'gateway',
  entry: 'apps/gateway/src/task-index/worker.js',
  config: TaskIndexWorkerConfig,
};

const SERVICE_URL_KEY = /^(INTAKE|EIA_REVIEW|DISCHARGE_PERMIT|NOTIFICATION|SUPERVISION)_DATABASE_URL$/;

/**
 * The environment one process gets from the launcher's (npm start, the test and bench systems): every secret
 * but its own removed (X and X_FILE); a service's DATABASE_URL replaced by its own connection
 * (`<SERVICE>_DATABASE_URL`, its role) when the launcher has one, the other services' removed; the gateway, which
 * has no database of a service's, gets no database URL but its task index's (TASK_INDEX_DATABASE_URL, when set).
 */
export function processEnv(p: ProcessSpec, env: Record<string, string | undefined>): Record<string, string> {
  const own = new Set(secretsOf(p.config));
  const foreign = new Set(knownSecrets().filter((k) => !own.has(k)));
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (foreign.has(key) || (key.endsWith('_FILE') && foreign.has(key.slice(0, -'_FILE'.length)))) continue;
    if (SERVICE_URL_KEY.test(key)) continue;
    out[key] = value;
  }
  if (p.service === 'gateway') {
    delete out.DATABASE_URL;
    delete out.DATABASE_READ_URL;
  } else {
    delete out.TASK_INDEX_DATABASE_URL; // the gateway's own connection, to its task index
    const mine = env[`${p.service.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`];
    if (mine) out.DATABASE_URL = mine;
  }
  return out;
}
