import { DynamicModule, Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '@permits/clock';
import { SupervisionConfig, SupervisionHttpConfig } from '@permits/config';
import { HttpPlatformModule } from '@permits/http';
import { QueueModule } from '@permits/queue';
import { CaseworkModule } from '@permits/workflow-runtime';
import { AlarmsModule } from './alarms/alarms.module';
import { SupervisionCasesModule } from './cases/cases.module';
import { ChecksModule } from './checks/checks.module';
import { supervisionDataSourceOptions } from './data-source';
import { FiguresModule } from './figures/figures.module';
import { PenaltiesModule } from './penalties/penalties.module';
import { PLAN_AUDIT_RECORDS } from './plans/plan-audit';
import { PlansModule } from './plans/plans.module';
import { RegisterModule } from './register/register.module';
import { RosterModule } from './roster/roster.module';
import { SupervisionEffects } from './supervision.effects';

/** The service's settings, for every feature module. */
@Global()
@Module({})
class SupervisionSettingsModule {
  static forRoot(config: SupervisionConfig): DynamicModule {
    return { module: SupervisionSettingsModule, providers: [{ provide: SupervisionConfig, useValue: config }], exports: [SupervisionConfig] };
  }
}

/**
 * HTTP side, one module per feature: the register of regulated entities, the figures, the roster, plans, checks,
 * penalties, alarms, supervision cases. Every command goes through the CommandBus to its handler; reads go
 * through each feature's query service.
 */
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
        CqrsModule.forRoot(),
        SupervisionSettingsModule.forRoot(config),
        CaseworkModule.forRoot({ taskPrefix: 'su', effects: SupervisionEffects, config, auditRecords: PLAN_AUDIT_RECORDS }),
        RegisterModule,
        FiguresModule,
        RosterModule,
        PlansModule,
        AlarmsModule,
        ChecksModule,
        PenaltiesModule,
        SupervisionCasesModule,
      ],
    };
  }
}
