import 'reflect-metadata';
import { exitOnConfigError, IntakeConfig, loadConfig } from '@permits/config';
import { bootstrapHttp } from '@permits/http';
import { IntakeHttpModule } from './intake.module';

const config = exitOnConfigError(() => loadConfig(IntakeConfig));
void bootstrapHttp(IntakeHttpModule.forRoot(config) as never, { title: 'intake', port: config.servicePort('intake'), config, rawBodyPaths: ['/api/v1/files'] });
