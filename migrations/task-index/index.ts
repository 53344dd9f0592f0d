import { TaskIndex1796900000000 } from './1796900000000-TaskIndex';

/** The gateway's task index migrations, oldest first. */
export const TASK_INDEX_MIGRATIONS = [TaskIndex1796900000000];
