import 'reflect-metadata';
import { DischargePermitHttpConfig, exitOnConfigError, loadConfig } from '@permits/config';
import { bootstrapHttp } from '@permits/http';
import { DischargePermitHttpModule } from './discharge-permit.module';

const config = exitOnConfigError(() => loadConfig(DischargePermitHttpConfig));
void bootstrapHttp(DischargePermitHttpModule.forRoot(config) as never, { title: 'discharge-permit', port: config.servicePort('discharge-permit'), config });
