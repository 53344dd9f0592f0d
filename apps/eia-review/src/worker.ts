import 'reflect-metadata';
import { EiaReviewWorkerConfig, exitOnConfigError, loadConfig } from '@permits/config';
import { bootstrapWorker } from '@permits/queue';
import { EiaReviewWorkerModule } from './worker.module';

const config = exitOnConfigError(() => loadConfig(EiaReviewWorkerConfig));
void bootstrapWorker(EiaReviewWorkerModule.forRoot(config), { service: 'eia-review-worker', port: config.workerPort('eia-review'), host: config.BIND_ADDRESS });
