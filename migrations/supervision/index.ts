import { Init1795978945650 } from './1795978945650-Init';
import { MessageRetention1795980000000 } from './1795980000000-MessageRetention';
import { TaskLists1795982775588 } from './1795982775588-TaskLists';
import { AuditAnchors1795983709248 } from './1795983709248-AuditAnchors';
import { OutboxNotify1796004213000 } from './1796004213000-OutboxNotify';
import { CommittedDraws1796100000000 } from './1796100000000-CommittedDraws';
import { PenaltyCases1796100000000 } from './1796100000000-PenaltyCases';
import { AuditCoverage1796100000000 } from './1796100000000-AuditCoverage';
import { ServiceRole1796600000000 } from './1796600000000-ServiceRole';
import { StaffDirectory1796100000000 } from './1796100000000-StaffDirectory';
import { IntegrityEvents1796100000000 } from './1796100000000-IntegrityEvents';
import { AlarmList1796860000000 } from './1796860000000-AlarmList';
import { TaskIndexFeed1796900000000 } from './1796900000000-TaskIndexFeed';
import { CaseVersionMoves1796950000000 } from './1796950000000-CaseVersionMoves';

/** This service's migrations, oldest first (listed, not globbed: the build knows exactly what runs). */
export const SUPERVISION_MIGRATIONS = [Init1795978945650, MessageRetention1795980000000, TaskLists1795982775588, AuditAnchors1795983709248, OutboxNotify1796004213000, CommittedDraws1796100000000, PenaltyCases1796100000000, AuditCoverage1796100000000, StaffDirectory1796100000000, IntegrityEvents1796100000000, ServiceRole1796600000000, AlarmList1796860000000, TaskIndexFeed1796900000000, CaseVersionMoves1796950000000];
