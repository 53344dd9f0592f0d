import { Init1764259200000 } from './1764259200000-Init';
import { NotificationDeliveries1795795275340 } from './1795795275340-NotificationDeliveries';
import { MessageRetention1795900000003 } from './1795900000003-MessageRetention';
import { OutboxNotify1796004213000 } from './1796004213000-OutboxNotify';
import { ServiceRole1796600000000 } from './1796600000000-ServiceRole';

/** This service's migrations, oldest first (listed, not globbed: the build knows exactly what runs). */
export const NOTIFICATION_MIGRATIONS = [Init1764259200000, NotificationDeliveries1795795275340, MessageRetention1795900000003, OutboxNotify1796004213000, ServiceRole1796600000000];
