import { serviceDataSourceOptions, serviceRole } from '@permits/persistence';
import { RUNTIME_ENTITIES } from '@permits/workflow-runtime/entities';
import { SUPERVISION_MIGRATIONS } from '../../../migrations/supervision';
import { SUPERVISION_OWN_ENTITIES } from './entities';
import { PLAN_ENTITIES } from './plans/plan.entities';

export const SUPERVISION_SCHEMA = 'supervision';
export const SUPERVISION_ENTITIES = [...SUPERVISION_OWN_ENTITIES, ...PLAN_ENTITIES, ...RUNTIME_ENTITIES];

export const supervisionDataSourceOptions = (url: string, readUrl?: string, poolSize?: number, role: string | null = serviceRole(SUPERVISION_SCHEMA)) =>
  serviceDataSourceOptions({
    url,
    readUrl,
    poolSize,
    role: role ?? undefined,
    schema: SUPERVISION_SCHEMA,
    entities: SUPERVISION_ENTITIES,
    migrations: SUPERVISION_MIGRATIONS,
  });
