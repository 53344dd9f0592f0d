import 'reflect-metadata';
import { exitOnConfigError, loadConfig, ServicePortsConfig } from '@permits/config';
import { bootstrapHttp } from '@permits/http';
import { DischargePermitHttpModule } from './discharge-permit.module';

const config = exitOnConfigError(() => loadConfig(ServicePortsConfig));
void bootstrapHttp(DischargePermitHttpModule.forRoot(config) as never, { title: 'discharge-permit', port: config.servicePort('discharge-permit'), config });
