import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '@permits/clock';
import { IntakeHttpConfig } from '@permits/config';
import { HttpPlatformModule } from '@permits/http';
import { QueueModule } from '@permits/queue';
import { AuditKey, CaseworkModule } from '@permits/workflow-runtime';
import { AcceptanceEffects } from './acceptance/acceptance.effects';
import { ApplicationQueries } from './applications/application.queries';
import { ApplicationsController } from './applications/applications.controller';
import { SubmitApplicationHandler } from './applications/commands/submit-application';
import { SupplementApplicationHandler } from './applications/commands/supplement-application';
import { PermitReferences } from './applications/permit-references';
import { CalendarAdmin } from './calendar/calendar-admin.service';
import { CalendarController } from './calendar/calendar.controller';
import { LoadCalendarYearHandler } from './calendar/commands/load-calendar-year';
import { CatalogController } from './catalog/catalog.controller';
import { CatalogService } from './catalog/catalog.service';
import { PublicDecisionsController } from './public/public-decisions.controller';
import { PublicDecisionQueries } from './public/public-decisions.query';
import { MoveTestClockHandler } from './clock/commands/move-test-clock';
import { TestClockController } from './clock/test-clock.controller';
import { intakeDataSourceOptions } from './data-source';
import { FilesModule } from './files/files.module';
import { LabelsController } from './labels/labels.controller';
import { BusinessEnvironmentQuery } from './reports/business-environment.query';
import { ReportsController, SupervisionFiguresClient } from './reports/reports.controller';
import { APPLICATION_AUDIT_RECORDS } from './applications/application-audit';
import { StaffDirectory, STAFF_AUDIT_KEY } from './staff/staff-directory.service';
import { PutStaffEntryHandler } from './staff/commands/put-staff-entry';
import { StaffController } from './staff/staff.controller';

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
        FilesModule.forRoot(config),
      ],
      // the test clock's routes exist only with CLOCK=manual (never in production: config refuses it there)
      controllers: [
        CalendarController,
        CatalogController,
        ApplicationsController,
        ...(config.CLOCK === 'manual' ? [TestClockController] : []),
        ReportsController,
        PublicDecisionsController,
        LabelsController,
        StaffController,
      ],
      providers: [
        { provide: STAFF_AUDIT_KEY, useValue: AuditKey.fromConfig(config) },
        StaffDirectory,
        CalendarAdmin,
        CatalogService,
        ApplicationQueries,
        PermitReferences,
        // commands (through the CommandBus; the files upload's is in FilesModule)
        SubmitApplicationHandler,
        SupplementApplicationHandler,
        LoadCalendarYearHandler,
        PutStaffEntryHandler,
        ...(config.CLOCK === 'manual' ? [MoveTestClockHandler] : []),
        // queries
        PublicDecisionQueries,
        BusinessEnvironmentQuery,
        SupervisionFiguresClient,
      ],
    };
  }
}
