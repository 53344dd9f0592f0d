export type { ClockExtension, ClockPause, ClockState, ClockTransitionReason } from './clock-state';
export {
  ClockInputError,
  ClockTransitionError,
  effectiveStatutoryLimit,
  changeLimits,
  extendClock,
  lastEventDate,
  MAX_EXTENSION_DAYS,
  newClock,
  pauseClock,
  resumeClock,
  startClock,
  stopClock,
} from './clock-state';
export type { ClockView, SlaThresholds } from './clock-view';
export { acceptanceDeadline, DEFAULT_THRESHOLDS, extendStatutoryLimit, levelChangeDates, statutoryDeadlineOn, viewClock } from './clock-view';
