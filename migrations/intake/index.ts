import { Init1764259200000 } from './1764259200000-Init';
import { MaterialFiles1795795274692 } from './1795795274692-MaterialFiles';
import { SlaTimersCalendar1795795547317 } from './1795795547317-SlaTimersCalendar';
import { MessageRetention1795900000000 } from './1795900000000-MessageRetention';
import { TaskListsSearch1795978604020 } from './1795978604020-TaskListsSearch';
import { AuditAnchors1795978758401 } from './1795978758401-AuditAnchors';
import { FileUploads1795981007944 } from './1795981007944-FileUploads';
import { PublicDecisions1795981138423 } from './1795981138423-PublicDecisions';
import { FilingsAtOnce1796000000000 } from './1796000000000-FilingsAtOnce';
import { MaterialsByFile1796000417263 } from './1796000417263-MaterialsByFile';
import { OutboxNotify1796004213000 } from './1796004213000-OutboxNotify';
import { AuditCoverage1796100000000 } from './1796100000000-AuditCoverage';
import { ServiceRole1796600000000 } from './1796600000000-ServiceRole';
import { StaffDirectory1796100000000 } from './1796100000000-StaffDirectory';
import { IntegrityEvents1796100000000 } from './1796100000000-IntegrityEvents';
import { CounterAndRatings1796810000000 } from './1796810000000-CounterAndRatings';
import { CommittedDaysInForce1796810000001 } from './1796810000001-CommittedDaysInForce';
import { ApplicationsByProjectCode1796880000000 } from './1796880000000-ApplicationsByProjectCode';
import { TaskIndexFeed1796900000000 } from './1796900000000-TaskIndexFeed';
import { CaseVersionMoves1796950000000 } from './1796950000000-CaseVersionMoves';

/** This service's migrations, oldest first (listed, not globbed: the build knows exactly what runs). */
export const INTAKE_MIGRATIONS = [Init1764259200000, MaterialFiles1795795274692, SlaTimersCalendar1795795547317, MessageRetention1795900000000, TaskListsSearch1795978604020, AuditAnchors1795978758401, FileUploads1795981007944, PublicDecisions1795981138423, FilingsAtOnce1796000000000, MaterialsByFile1796000417263, OutboxNotify1796004213000, AuditCoverage1796100000000, StaffDirectory1796100000000, IntegrityEvents1796100000000, ServiceRole1796600000000, CounterAndRatings1796810000000, CommittedDaysInForce1796810000001, ApplicationsByProjectCode1796880000000, TaskIndexFeed1796900000000, CaseVersionMoves1796950000000];
