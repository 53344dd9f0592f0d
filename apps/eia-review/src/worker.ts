import 'reflect-metadata';
import { exitOnConfigError, loadConfig, ServicePortsConfig } from '@permits/config';
import { bootstrapWorker } from '@permits/queue';
import { EiaReviewWorkerModule } from './worker.module';

const config = exitOnConfigError(() => loadConfig(ServicePortsConfig));
void bootstrapWorker(EiaReviewWorkerModule.forRoot(config), { service: 'eia-review-worker', port: config.workerPort('eia-review'), host: config.BIND_ADDRESS });
