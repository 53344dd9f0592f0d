import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '@permits/clock';
import { SupervisionConfig, SupervisionHttpConfig } from '@permits/config';
import { HttpPlatformModule } from '@permits/http';
import { QueueModule } from '@permits/queue';
import { CaseworkModule } from '@permits/workflow-runtime';
import { AlarmsController, MonitoringController } from './alarms/alarms.controller';
import { AlarmsQueries } from './alarms/alarms.queries';
import { AlarmsService } from './alarms/alarms.service';
import { MonitoringSignatureGuard } from './alarms/monitoring-signature.guard';
import { SupervisionCasesController } from './cases/cases.controller';
import { ChecksController } from './checks/checks.controller';
import { ChecksService } from './checks/checks.service';
import { PenaltiesController, PublicPenaltiesController } from './penalties/penalties.controller';
import { PenaltiesService } from './penalties/penalties.service';
import { supervisionDataSourceOptions } from './data-source';
import { PlansController, PublicPlansController } from './plans/plans.controller';
import { PlansService } from './plans/plans.service';
import { SupervisionController } from './supervision.controller';
import { SupervisionEffects } from './supervision.effects';
import { SupervisionService } from './supervision.service';
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
      controllers: [
        SupervisionController,
        PlansController,
        PublicPlansController,
        MonitoringController,
        AlarmsController,
        ChecksController,
        PenaltiesController,
        PublicPenaltiesController,
        SupervisionCasesController,
      ],
      providers: [
        { provide: SupervisionConfig, useValue: config },
        SupervisionService,
        PlansService,
        ChecksService,
        PenaltiesService,
        AlarmsService,
        AlarmsQueries,
        MonitoringSignatureGuard,
      ],
    };
  }
}
