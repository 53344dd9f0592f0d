import 'reflect-metadata';
import { exitOnConfigError, loadConfig, SupervisionHttpConfig } from '@permits/config';
import { bootstrapHttp } from '@permits/http';
import { SupervisionHttpModule } from './supervision.module';

const config = exitOnConfigError(() => loadConfig(SupervisionHttpConfig));
void bootstrapHttp(SupervisionHttpModule.forRoot(config) as never, { title: 'supervision', port: config.servicePort('supervision'), config });
