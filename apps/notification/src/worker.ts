import 'reflect-metadata';
import { exitOnConfigError, loadConfig, NotificationWorkerConfig } from '@permits/config';
import { bootstrapWorker } from '@permits/queue';
import { NotificationWorkerModule } from './worker.module';

const config = exitOnConfigError(() => loadConfig(NotificationWorkerConfig));
void bootstrapWorker(NotificationWorkerModule.forRoot(config), {
  service: 'notification-worker',
  port: config.workerPort('notification'),
  host: config.BIND_ADDRESS,
});
