import { Init1764259200000 } from './1764259200000-Init';
import { PermitRegister1795795110129 } from './1795795110129-PermitRegister';
import { SlaTimersCalendar1795795548926 } from './1795795548926-SlaTimersCalendar';
import { MessageRetention1795900000002 } from './1795900000002-MessageRetention';
import { TaskLists1795978604020 } from './1795978604020-TaskLists';
import { AuditAnchors1795978777342 } from './1795978777342-AuditAnchors';
import { DeemedRenewal1796000000000 } from './1796000000000-DeemedRenewal';
import { OutboxNotify1796004213000 } from './1796004213000-OutboxNotify';
import { AuditCoverage1796100000000 } from './1796100000000-AuditCoverage';
import { ServiceRole1796600000000 } from './1796600000000-ServiceRole';
import { StaffDirectory1796100000000 } from './1796100000000-StaffDirectory';
import { IntegrityEvents1796100000000 } from './1796100000000-IntegrityEvents';
import { Certificates1796820000000 } from './1796820000000-Certificates';
import { RenewalFilings1796810000000 } from './1796810000000-RenewalFilings';
import { TaskIndexFeed1796900000000 } from './1796900000000-TaskIndexFeed';
import { CaseVersionMoves1796950000000 } from './1796950000000-CaseVersionMoves';

/** This service's migrations, oldest first (listed, not globbed: the build knows exactly what runs). */
export const DISCHARGE_PERMIT_MIGRATIONS = [Init1764259200000, PermitRegister1795795110129, SlaTimersCalendar1795795548926, MessageRetention1795900000002, TaskLists1795978604020, AuditAnchors1795978777342, DeemedRenewal1796000000000, OutboxNotify1796004213000, AuditCoverage1796100000000, StaffDirectory1796100000000, IntegrityEvents1796100000000, ServiceRole1796600000000, RenewalFilings1796810000000, Certificates1796820000000, TaskIndexFeed1796900000000, CaseVersionMoves1796950000000];
