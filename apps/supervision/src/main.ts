import 'reflect-metadata';
import { exitOnConfigError, loadConfig, SupervisionConfig } from '@permits/config';
import { bootstrapHttp } from '@permits/http';
import { SupervisionHttpModule } from './supervision.module';

const config = exitOnConfigError(() => loadConfig(SupervisionConfig));
void bootstrapHttp(SupervisionHttpModule.forRoot(config) as never, { title: 'supervision', port: config.servicePort('supervision'), config });
