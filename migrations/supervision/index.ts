import { Init1795978945650 } from './1795978945650-Init';
import { TaskLists1795982775588 } from './1795982775588-TaskLists';

/** This service's migrations, oldest first (listed, not globbed: the build knows exactly what runs). */
export const SUPERVISION_MIGRATIONS = [Init1795978945650, TaskLists1795982775588];
