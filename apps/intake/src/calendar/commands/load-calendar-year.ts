import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { YearSchedule } from '@permits/workflow/calendar';
import { CalendarAdmin, YearDetail } from '../calendar-admin.service';

/** An administrator's upload of a year's working-day schedule (parsed from JSON or ICS by the controller). */
export class LoadCalendarYear extends Command<YearDetail> {
  constructor(
    readonly schedule: YearSchedule,
    readonly by: string,
    readonly correlationId: string,
  ) {
    super();
  }
}

/** Stores the year and tells every case-holding service, in one transaction (CalendarAdmin.load). */
@CommandHandler(LoadCalendarYear)
export class LoadCalendarYearHandler implements ICommandHandler<LoadCalendarYear> {
  constructor(private readonly admin: CalendarAdmin) {}

  execute({ schedule, by, correlationId }: LoadCalendarYear): Promise<YearDetail> {
    return this.admin.load(schedule, by, correlationId);
  }
}
