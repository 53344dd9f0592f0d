import { Module } from '@nestjs/common';
import { PutInspectorHandler } from './commands/put-inspector';
import { RosterController } from './roster.controller';
import { RosterQueries } from './roster.queries';

/** The inspector roster, with conflicts of interest (the draw reads it). */
@Module({
  controllers: [RosterController],
  providers: [RosterQueries, PutInspectorHandler],
})
export class RosterModule {}
