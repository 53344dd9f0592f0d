import { DynamicModule, Module } from '@nestjs/common';
import { IntakeHttpConfig } from '@permits/config';
import { AuditKey } from '@permits/workflow-runtime';
import { PutStaffEntryHandler } from './commands/put-staff-entry';
import { StaffDirectory, STAFF_AUDIT_KEY } from './staff-directory.service';
import { StaffController } from './staff.controller';

/** The staff directory: its entries and their audited changes (queries on StaffDirectory), an administrator's put (a command). */
@Module({})
export class StaffModule {
  static forRoot(config: IntakeHttpConfig): DynamicModule {
    return {
      module: StaffModule,
      controllers: [StaffController],
      providers: [{ provide: STAFF_AUDIT_KEY, useValue: AuditKey.fromConfig(config) }, StaffDirectory, PutStaffEntryHandler],
    };
  }
}
