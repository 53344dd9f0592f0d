import 'reflect-metadata';
import { exitOnConfigError, loadConfig, ServicePortsConfig } from '@permits/config';
import { bootstrapHttp } from '@permits/http';
import { IntakeHttpModule } from './intake.module';

const config = exitOnConfigError(() => loadConfig(ServicePortsConfig));
void bootstrapHttp(IntakeHttpModule.forRoot(config) as never, { title: 'intake', port: config.servicePort('intake'), config });
