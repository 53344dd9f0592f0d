import 'reflect-metadata';
import { exitOnConfigError, loadConfig, SupervisionConfig } from '@permits/config';
import { bootstrapWorker } from '@permits/queue';
import { SupervisionWorkerModule } from './worker.module';

const config = exitOnConfigError(() => loadConfig(SupervisionConfig));
void bootstrapWorker(SupervisionWorkerModule.forRoot(config), { service: 'supervision-worker', port: config.workerPort('supervision'), host: config.BIND_ADDRESS });
