import { serviceDataSourceOptions, serviceRole } from '@permits/persistence';
import { NOTIFICATION_MIGRATIONS } from '../../../migrations/notification';
import { ContactRow } from './contacts/contact.entity';
import { DeliveryRow } from './deliveries/delivery.entity';
import { NotificationRow } from './notifications/notification.entity';

export const NOTIFICATION_SCHEMA = 'notification';
export const NOTIFICATION_ENTITIES = [NotificationRow, ContactRow, DeliveryRow];

export const notificationDataSourceOptions = (url: string, readUrl?: string, poolSize?: number, role: string | null = serviceRole(NOTIFICATION_SCHEMA)) =>
  serviceDataSourceOptions({
    url,
    readUrl,
    poolSize,
    role: role ?? undefined,
    schema: NOTIFICATION_SCHEMA,
    entities: NOTIFICATION_ENTITIES,
    migrations: NOTIFICATION_MIGRATIONS,
  });
