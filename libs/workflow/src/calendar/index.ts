export type { IsoDate } from './iso-date';
export { addDays, addYears, dayOfWeek, daysBetween, fromEpochDay, isIsoDate, maxDate, shanghaiDate, toEpochDay, yearOf } from './iso-date';
export type { YearSchedule } from './year-schedule';
export { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, parseYearScheduleIcs, parseYearScheduleJson } from './year-schedule';
export { BUNDLED_SOURCE, bundledSchedules } from './bundled-schedules';
export type { WorkingCalendarOptions } from './working-calendar';
export { WorkingCalendar } from './working-calendar';
