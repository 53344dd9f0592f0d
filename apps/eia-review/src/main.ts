import 'reflect-metadata';
import { EiaReviewHttpConfig, exitOnConfigError, loadConfig } from '@permits/config';
import { bootstrapHttp } from '@permits/http';
import { EiaReviewHttpModule } from './eia-review.module';

const config = exitOnConfigError(() => loadConfig(EiaReviewHttpConfig));
void bootstrapHttp(EiaReviewHttpModule.forRoot(config) as never, { title: 'eia-review', port: config.servicePort('eia-review'), config });
