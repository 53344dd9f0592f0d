import { serviceDataSourceOptions, serviceRole } from '@permits/persistence';
import { TASK_INDEX_MIGRATIONS } from '../../../../migrations/task-index';

/** The gateway's one schema: the task index. No case service reads it, and the gateway reads no other. */
export const TASK_INDEX_SCHEMA = 'task_index';

export const taskIndexDataSourceOptions = (url: string, poolSize?: number, role: string | null = serviceRole(TASK_INDEX_SCHEMA)) =>
  serviceDataSourceOptions({
    url,
    poolSize,
    role: role ?? undefined,
    schema: TASK_INDEX_SCHEMA,
    entities: [],
    migrations: TASK_INDEX_MIGRATIONS,
    applicationName: 'gateway-task-index',
  });
