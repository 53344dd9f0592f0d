import { Module } from '@nestjs/common';
import { CheckQueries } from './check.queries';
import { ChecksController } from './checks.controller';
import { RecordCheckResultHandler } from './commands/record-check-result';

/** Checks of the plans: the inspectors' lists and their results (inspections by name). */
@Module({
  controllers: [ChecksController],
  providers: [CheckQueries, RecordCheckResultHandler],
})
export class ChecksModule {}
