import { Module } from '@nestjs/common';
import { CalendarAdmin } from './calendar-admin.service';
import { CalendarController } from './calendar.controller';
import { LoadCalendarYearHandler } from './commands/load-calendar-year';

/** The working-day calendar's years: what they cover (queries on CalendarAdmin) and an administrator's upload (a command). */
@Module({
  controllers: [CalendarController],
  providers: [CalendarAdmin, LoadCalendarYearHandler],
})
export class CalendarModule {}
