import { Init1764259200000 } from './1764259200000-Init';
import { NationalEiaDeclarations1795795229533 } from './1795795229533-NationalEiaDeclarations';
import { SlaTimersCalendar1795795548137 } from './1795795548137-SlaTimersCalendar';
import { MessageRetention1795900000001 } from './1795900000001-MessageRetention';
import { TaskLists1795978604020 } from './1795978604020-TaskLists';
import { AuditAnchors1795978767457 } from './1795978767457-AuditAnchors';
import { OutboxNotify1796004213000 } from './1796004213000-OutboxNotify';
import { AuditCoverage1796100000000 } from './1796100000000-AuditCoverage';
import { ServiceRole1796600000000 } from './1796600000000-ServiceRole';
import { StaffDirectory1796100000000 } from './1796100000000-StaffDirectory';
import { IntegrityEvents1796100000000 } from './1796100000000-IntegrityEvents';
import { TaskIndexFeed1796900000000 } from './1796900000000-TaskIndexFeed';
import { CaseVersionMoves1796950000000 } from './1796950000000-CaseVersionMoves';

/** This service's migrations, oldest first (listed, not globbed: the build knows exactly what runs). */
export const EIA_REVIEW_MIGRATIONS = [Init1764259200000, NationalEiaDeclarations1795795229533, SlaTimersCalendar1795795548137, MessageRetention1795900000001, TaskLists1795978604020, AuditAnchors1795978767457, OutboxNotify1796004213000, AuditCoverage1796100000000, StaffDirectory1796100000000, IntegrityEvents1796100000000, ServiceRole1796600000000, TaskIndexFeed1796900000000, CaseVersionMoves1796950000000];
