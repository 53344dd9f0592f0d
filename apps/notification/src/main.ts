import 'reflect-metadata';
import { exitOnConfigError, loadConfig, NotificationHttpConfig } from '@permits/config';
import { bootstrapHttp } from '@permits/http';
import { NotificationHttpModule } from './notification.module';

const config = exitOnConfigError(() => loadConfig(NotificationHttpConfig));
void bootstrapHttp(NotificationHttpModule.forRoot(config) as never, { title: 'notification', port: config.servicePort('notification'), config });
