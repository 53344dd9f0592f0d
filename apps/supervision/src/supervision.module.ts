import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '@permits/clock';
import { SupervisionHttpConfig } from '@permits/config';
import { HttpPlatformModule } from '@permits/http';
import { QueueModule } from '@permits/queue';
import { CaseworkModule } from '@permits/workflow-runtime';
import { MonitoringSignatureGuard } from './alarms/monitoring-signature.guard';
import { supervisionDataSourceOptions } from './data-source';
import { PlansController, PublicPlansController } from './plans/plans.controller';
import { PlansService } from './plans/plans.service';
import { MonitoringController, SupervisionController } from './supervision.controller';
import { SupervisionEffects } from './supervision.effects';
import { SupervisionService } from './supervision.service';
import { TaskRulesInterceptor } from './task-rules.interceptor';
import { PLAN_AUDIT_RECORDS } from './plans/plan-audit';

/** HTTP side: the register of regulated entities, the roster, plans, checks, penalties, alarms; supervision tasks. */
@Module({})
export class SupervisionHttpModule {
  static forRoot(config: SupervisionHttpConfig): DynamicModule {
    return {
      module: SupervisionHttpModule,
      imports: [
        HttpPlatformModule.forRoot({ service: 'supervision', config }),
        TypeOrmModule.forRoot(supervisionDataSourceOptions(config.DATABASE_URL, config.DATABASE_READ_URL, config.DATABASE_POOL_SIZE)),
        QueueModule.forRoot(config),
        ClockModule.forRoot(config),
        CaseworkModule.forRoot({ taskPrefix: 'su', effects: SupervisionEffects, config, auditRecords: PLAN_AUDIT_RECORDS }),
      ],
      controllers: [SupervisionController, PlansController, PublicPlansController, MonitoringController],
      providers: [SupervisionService, PlansService, MonitoringSignatureGuard, { provide: APP_INTERCEPTOR, useClass: TaskRulesInterceptor }],
    };
  }
}
