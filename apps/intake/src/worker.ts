import 'reflect-metadata';
import { exitOnConfigError, IntakeWorkerConfig, loadConfig } from '@permits/config';
import { bootstrapWorker } from '@permits/queue';
import { IntakeWorkerModule } from './worker.module';

const config = exitOnConfigError(() => loadConfig(IntakeWorkerConfig));
void bootstrapWorker(IntakeWorkerModule.forRoot(config), { service: 'intake-worker', port: config.workerPort('intake'), host: config.BIND_ADDRESS });
