import { Injectable } from '@nestjs/common';
import { WorkingCalendar } from '@permits/workflow/calendar';
import { CalendarSource } from './casework.queries';

/** The working-day calendar from the bundled State Council schedules (administrator overrides: issue 4). */
@Injectable()
export class BundledCalendar implements CalendarSource {
  private readonly calendar = WorkingCalendar.create();

  get(): WorkingCalendar {
    return this.calendar;
  }
}
