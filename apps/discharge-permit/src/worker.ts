import 'reflect-metadata';
import { exitOnConfigError, loadConfig, DischargePermitConfig } from '@permits/config';
import { bootstrapWorker } from '@permits/queue';
import { DischargePermitWorkerModule } from './worker.module';

const config = exitOnConfigError(() => loadConfig(DischargePermitConfig));
void bootstrapWorker(DischargePermitWorkerModule.forRoot(config), { service: 'discharge-permit-worker', port: config.workerPort('discharge-permit'), host: config.BIND_ADDRESS });
