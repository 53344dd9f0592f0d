import 'reflect-metadata';
import { DischargePermitWorkerConfig, exitOnConfigError, loadConfig } from '@permits/config';
import { bootstrapWorker } from '@permits/queue';
import { DischargePermitWorkerModule } from './worker.module';

const config = exitOnConfigError(() => loadConfig(DischargePermitWorkerConfig));
void bootstrapWorker(DischargePermitWorkerModule.forRoot(config), {
  service: 'discharge-permit-worker',
  port: config.workerPort('discharge-permit'),
  host: config.BIND_ADDRESS,
});
