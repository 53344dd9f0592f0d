import 'reflect-metadata';
import { exitOnConfigError, IntakeHttpConfig, loadConfig } from '@permits/config';
import { bootstrapHttp } from '@permits/http';
import { IntakeHttpModule } from './intake.module';

const config = exitOnConfigError(() => loadConfig(IntakeHttpConfig));
void bootstrapHttp(IntakeHttpModule.forRoot(config) as never, { title: 'intake', port: config.servicePort('intake'), config });
