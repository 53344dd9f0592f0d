export type { ClockExtension, ClockPause, ClockState, ClockTransitionReason } from './clock-state';
export {
  ClockInputError,
  ClockTransitionError,
  effectiveStatutoryLimit,
  changeLimits,
  extendClock,
  lastEventDate,
  newClock,
  pauseClock,
  resumeClock,
  startClock,
  stopClock,
} from './clock-state';
export type { ClockView, SlaThresholds } from './clock-view';
export { acceptanceDeadline, DEFAULT_THRESHOLDS, levelChangeDates, viewClock } from './clock-view';
