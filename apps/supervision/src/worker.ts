import 'reflect-metadata';
import { exitOnConfigError, loadConfig, SupervisionWorkerConfig } from '@permits/config';
import { bootstrapWorker } from '@permits/queue';
import { SupervisionWorkerModule } from './worker.module';

const config = exitOnConfigError(() => loadConfig(SupervisionWorkerConfig));
void bootstrapWorker(SupervisionWorkerModule.forRoot(config), {
  service: 'supervision-worker',
  port: config.workerPort('supervision'),
  host: config.BIND_ADDRESS,
});
