import type { Limit } from '@permits/contracts/enums';
import {
  type ClockState,
  ClockInputError,
  ClockTransitionError,
  type ClockTransitionReason,
  effectiveStatutoryLimit,
  extendClock,
  lastEventDate,
  newClock,
  pauseClock,
  resumeClock,
  startClock,
  stopClock,
} from './clock-state';

const working = (days: number): Limit => ({ days, unit: 'working' });
const expertReview = { reason: 'expert_review' as const, expectedDays: 10 };
const headsUp = { days: 10, reason: 'on-site check needed', by: 'head-1' };

/** Factories: a clock accepted on 2026-09-29, then taken through the given steps. */
const notStarted = () => newClock(working(20), working(10));
const running = () => startClock(notStarted(), '2026-09-29');
const paused = () => pauseClock(running(), expertReview, '2026-10-09');
const resumed = () => resumeClock(paused(), '2026-10-14');
const extended = () => extendClock(running(), headsUp, '2026-10-20');
const stopped = () => stopClock(running(), '2026-10-20');

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('clock transitions', () => {
  it('starts not started, at version 0, with copies of the limits', () => {
    const statutory = working(20);
    const s = newClock(statutory, working(10));
    expect(s).toStrictEqual({ status: 'not_started', statutoryLimit: working(20), committedLimit: working(10), pauses: [], version: 0 });
    expect(s.statutoryLimit).not.toBe(statutory);
  });

  it('records the whole life of a case, one version per change', () => {
    let s = running();
    s = pauseClock(s, { reason: 'expert_review', expectedDays: 10, comment: 'panel of three' }, '2026-10-09');
    s = extendClock(s, headsUp, '2026-10-12');
    s = resumeClock(s, '2026-10-14');
    s = pauseClock(s, { reason: 'public_notice', expectedDays: 5 }, '2026-10-20');
    s = stopClock(s, '2026-10-23');
    expect(s).toStrictEqual({
      status: 'stopped',
      statutoryLimit: working(20),
      committedLimit: working(10),
      acceptedOn: '2026-09-29',
      pauses: [
        { reason: 'expert_review', from: '2026-10-09', to: '2026-10-14', expectedDays: 10, comment: 'panel of three' },
        // stopped while paused: the pause closes on the stop day
        { reason: 'public_notice', from: '2026-10-20', to: '2026-10-23', expectedDays: 5 },
      ],
      extension: { days: 10, reason: 'on-site check needed', by: 'head-1', on: '2026-10-12' },
      stoppedOn: '2026-10-23',
      version: 6,
    });
    expect(effectiveStatutoryLimit(s)).toEqual(working(30));
    expect(lastEventDate(s)).toBe('2026-10-23');
    expect(JSON.parse(JSON.stringify(s))).toStrictEqual(s); // jsonb-safe
  });

  it('never mutates the state it is given', () => {
    const steps: ((s: ClockState) => ClockState)[] = [
      (s) => startClock(s, '2026-09-29'),
      (s) => pauseClock(s, expertReview, '2026-10-09'),
      (s) => extendClock(s, headsUp, '2026-10-09'),
      (s) => resumeClock(s, '2026-10-14'),
      (s) => stopClock(s, '2026-10-20'),
    ];
    let s = deepFreeze(notStarted());
    for (const step of steps) s = deepFreeze(step(s)); // a write to a frozen object throws in strict mode
    expect(s.status).toBe('stopped');
  });

  it.each<[string, () => ClockState, (s: ClockState) => ClockState, ClockTransitionReason]>([
    ['start twice', running, (s) => startClock(s, '2026-09-30'), 'already_started'],
    ['pause before the start', notStarted, (s) => pauseClock(s, expertReview, '2026-10-09'), 'not_started'],
    ['pause while paused', paused, (s) => pauseClock(s, expertReview, '2026-10-10'), 'not_running'],
    ['resume while running', running, (s) => resumeClock(s, '2026-10-10'), 'not_paused'],
    ['resume after a resumption', resumed, (s) => resumeClock(s, '2026-10-15'), 'not_paused'],
    ['resume before the start', notStarted, (s) => resumeClock(s, '2026-10-10'), 'not_started'],
    ['extend before the start', notStarted, (s) => extendClock(s, headsUp, '2026-10-10'), 'not_started'],
    ['extend a second time', extended, (s) => extendClock(s, headsUp, '2026-10-21'), 'already_extended'],
    ['stop before the start', notStarted, (s) => stopClock(s, '2026-10-10'), 'not_started'],
    ['start after the stop', stopped, (s) => startClock(s, '2026-10-21'), 'stopped'],
    ['pause after the stop', stopped, (s) => pauseClock(s, expertReview, '2026-10-21'), 'stopped'],
    ['resume after the stop', stopped, (s) => resumeClock(s, '2026-10-21'), 'stopped'],
    ['extend after the stop', stopped, (s) => extendClock(s, headsUp, '2026-10-21'), 'stopped'],
    ['stop twice', stopped, (s) => stopClock(s, '2026-10-21'), 'stopped'],
    ['pause dated before acceptance', running, (s) => pauseClock(s, expertReview, '2026-09-28'), 'date_before_last_event'],
    ['resume dated before the pause', paused, (s) => resumeClock(s, '2026-10-08'), 'date_before_last_event'],
    ['stop dated before the resumption', resumed, (s) => stopClock(s, '2026-10-13'), 'date_before_last_event'],
  ])('refuses to %s', (_, given, step, reason) => {
    const s = given();
    let error: unknown;
    try {
      step(s);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClockTransitionError);
    expect(error).toMatchObject({ code: 'CLOCK_TRANSITION', reason });
  });

  it('allows a pause and a resumption on the same day, and an extension while paused', () => {
    const s = resumeClock(pauseClock(running(), expertReview, '2026-10-09'), '2026-10-09');
    expect(s.pauses).toEqual([{ reason: 'expert_review', from: '2026-10-09', to: '2026-10-09', expectedDays: 10 }]);
    expect(extendClock(paused(), headsUp, '2026-10-12').extension?.on).toBe('2026-10-12');
  });

  it.each<[string, () => unknown, RegExp]>([
    ['a negative expected length', () => pauseClock(running(), { ...expertReview, expectedDays: -1 }, '2026-10-09'), /expectedDays/],
    ['an extension of 0 days', () => extendClock(running(), { ...headsUp, days: 0 }, '2026-10-09'), /days must be a whole number >= 1/],
    ['an extension without a reason', () => extendClock(running(), { ...headsUp, reason: ' ' }, '2026-10-09'), /reason/],
    ['an extension without the approver', () => extendClock(running(), { ...headsUp, by: '' }, '2026-10-09'), /approver/],
    ['a malformed date', () => startClock(notStarted(), '2026-9-29'), /acceptedOn must be a YYYY-MM-DD date/],
    ['a malformed today', () => stopClock(running(), '2026-10-32'), /today must be a YYYY-MM-DD date/],
    ['a fractional limit', () => newClock(working(20.5), working(10)), /statutoryLimit.days/],
    ['an unknown unit', () => newClock(working(20), { days: 10, unit: 'weeks' as never }), /committedLimit.unit/],
  ])('answers an input error (400, not 409) for %s', (_, act, message) => {
    expect(act).toThrow(ClockInputError);
    expect(act).toThrow(message);
    try {
      act();
    } catch (e) {
      expect((e as ClockInputError).code).toBe('INVALID_INPUT');
    }
  });
});
