import { Init1764259200000 } from './1764259200000-Init';
import { MaterialFiles1795795274692 } from './1795795274692-MaterialFiles';
import { SlaTimersCalendar1795795547317 } from './1795795547317-SlaTimersCalendar';
import { MessageRetention1795900000000 } from './1795900000000-MessageRetention';
import { TaskListsSearch1795978604020 } from './1795978604020-TaskListsSearch';

/** This service's migrations, oldest first (listed, not globbed: the build knows exactly what runs). */
export const INTAKE_MIGRATIONS = [Init1764259200000, MaterialFiles1795795274692, SlaTimersCalendar1795795547317, MessageRetention1795900000000, TaskListsSearch1795978604020];
