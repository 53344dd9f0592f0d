import 'reflect-metadata';
import { exitOnConfigError, loadConfig, NotificationConfig } from '@permits/config';
import { bootstrapHttp } from '@permits/http';
import { NotificationHttpModule } from './notification.module';

const config = exitOnConfigError(() => loadConfig(NotificationConfig));
void bootstrapHttp(NotificationHttpModule.forRoot(config) as never, { title: 'notification', port: config.servicePort('notification'), config });
