import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '@permits/clock';
import { IntakeHttpConfig } from '@permits/config';
import { HttpPlatformModule } from '@permits/http';
import { QueueModule } from '@permits/queue';
import { CaseworkModule } from '@permits/workflow-runtime';
import { AcceptanceEffects } from './acceptance/acceptance.effects';
import { ApplicationQueries } from './applications/application.queries';
import { ApplicationsController } from './applications/applications.controller';
import { SubmitApplicationHandler } from './applications/commands/submit-application';
import { SupplementApplicationHandler } from './applications/commands/supplement-application';
import { PermitReferences } from './applications/permit-references';
import { CalendarModule } from './calendar/calendar.module';
import { CatalogController } from './catalog/catalog.controller';
import { CatalogService } from './catalog/catalog.service';
import { PublicModule } from './public/public.module';
import { TestClockModule } from './clock/test-clock.module';
import { intakeDataSourceOptions } from './data-source';
import { FilesModule } from './files/files.module';
import { LabelsController } from './labels/labels.controller';
import { BusinessEnvironmentQuery } from './reports/business-environment.query';
import { ReportsController, SupervisionFiguresClient } from './reports/reports.controller';
import { APPLICATION_AUDIT_RECORDS } from './applications/application-audit';
import { StaffModule } from './staff/staff.module';
import { HandledOutsideController, RatingsController } from './ratings/ratings.controller';
import { RateApplicationHandler } from './ratings/commands/rate-application';
import { RecordHandledOutsideHandler } from './ratings/commands/record-handled-outside';

/** Intake's HTTP side: catalog, applications, the window's acceptance tasks, the test clock. */
@Module({})
export class IntakeHttpModule {
  static forRoot(config: IntakeHttpConfig): DynamicModule {
    return {
      module: IntakeHttpModule,
      imports: [
        HttpPlatformModule.forRoot({ service: 'intake', config }),
        TypeOrmModule.forRoot(intakeDataSourceOptions(config.DATABASE_URL, config.DATABASE_READ_URL, config.DATABASE_POOL_SIZE)),
        QueueModule.forRoot(config),
        ClockModule.forRoot(config),
        CqrsModule.forRoot(),
        CaseworkModule.forRoot({
          taskPrefix: 'in',
          effects: AcceptanceEffects,
          extraProviders: [CatalogService],
          config,
          auditRecords: APPLICATION_AUDIT_RECORDS,
        }),
        // one module per feature (controller, commands, queries); the others are registered below
        FilesModule.forRoot(config),
        CalendarModule,
        StaffModule.forRoot(config),
        PublicModule,
        // the test clock's routes exist only with CLOCK=manual (never in production: config refuses it there)
        ...(config.CLOCK === 'manual' ? [TestClockModule] : []),
      ],
      controllers: [CatalogController, ApplicationsController, ReportsController, LabelsController, RatingsController, HandledOutsideController],
      providers: [
        CatalogService,
        ApplicationQueries,
        PermitReferences,
        // commands (through the CommandBus) and queries of applications and reports
        SubmitApplicationHandler,
        SupplementApplicationHandler,
        RateApplicationHandler,
        RecordHandledOutsideHandler,
        BusinessEnvironmentQuery,
        SupervisionFiguresClient,
      ],
    };
  }
}
