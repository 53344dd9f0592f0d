import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '@permits/clock';
import { ServicePortsConfig } from '@permits/config';
import { Queues } from '@permits/contracts/jobs';
import { workerLoggerModule } from '@permits/http';
import { RelayHost } from '@permits/persistence';
import { consumersFor, QueueModule } from '@permits/queue';
import { CalendarYearHandler, CaseworkModule, TimerDueHandler } from '@permits/workflow-runtime';
import { AcceptanceEffects } from './acceptance/acceptance.effects';
import { CaseStatusChangedHandler } from './applications/status.handler';
import { CatalogService } from './catalog/catalog.service';
import { intakeDataSourceOptions } from './data-source';
import { DeclarationReceivedHandler } from './national-eia/declaration-received.handler';
import { AcceptanceLimitTimer } from './timers/acceptance-limit.timer';

/** Intake's worker: the outbox relay, the status updates from the owning services, national EIA declarations. */
@Module({})
export class IntakeWorkerModule {
  static forRoot(config: ServicePortsConfig): DynamicModule {
    return {
      module: IntakeWorkerModule,
      imports: [
        workerLoggerModule('intake-worker', config),
        TypeOrmModule.forRoot(intakeDataSourceOptions(config.DATABASE_URL)),
        QueueModule.forRoot(config),
        ClockModule.forRoot(config),
        // national EIA declarations open acceptance cases from the worker
        CaseworkModule.forRoot({ taskPrefix: 'in', effects: AcceptanceEffects, controllers: false, extraProviders: [CatalogService], config }),
      ],
      providers: [
        { provide: ServicePortsConfig, useValue: config },
        CatalogService,
        CaseStatusChangedHandler,
        DeclarationReceivedHandler,
        AcceptanceLimitTimer,
        RelayHost,
        ...consumersFor(config, [
          { queue: Queues.Intake, handlers: [CaseStatusChangedHandler, DeclarationReceivedHandler, TimerDueHandler, CalendarYearHandler] },
        ]),
      ],
    };
  }
}
