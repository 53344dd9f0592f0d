// Property tests of the clock against a day-by-day reference of DOMAIN.md's rules.
import type { Limit, LimitUnit } from '@permits/contracts/enums';
import fc from 'fast-check';
import { addDays, fromEpochDay, type IsoDate, maxDate, toEpochDay, WorkingCalendar } from '../calendar';
import { type ClockState, extendClock, newClock, pauseClock, resumeClock, startClock, stopClock } from './clock-state';
import { levelChangeDates, viewClock } from './clock-view';

const calendar = WorkingCalendar.create();

// ---- the reference: walk the days one by one --------------------------------------------------

/** Days after S up to and including R do not count; an open pause runs to `asOf` (resumed today). */
function isPaused(s: ClockState, day: IsoDate, asOf: IsoDate): boolean {
  return s.pauses.some((p) => day > p.from && day <= (p.to ?? maxDate(asOf, p.from)));
}
const counts = (unit: LimitUnit, day: IsoDate) => unit === 'calendar' || calendar.isWorkingDay(day);

function referenceElapsed(s: ClockState, today: IsoDate, unit: LimitUnit): number {
  const asOf = s.stoppedOn ?? today;
  let n = 0;
  for (let d = addDays(s.acceptedOn!, 1); d <= asOf; d = addDays(d, 1)) if (counts(unit, d) && !isPaused(s, d, asOf)) n++;
  return n;
}

function referenceDeadline(s: ClockState, today: IsoDate, limit: Limit): IsoDate {
  const asOf = s.stoppedOn ?? today;
  let d = s.acceptedOn!;
  for (let k = 0; k < limit.days;) if (counts(limit.unit, (d = addDays(d, 1))) && !isPaused(s, d, asOf)) k++;
  return limit.unit === 'calendar' ? calendar.nextWorkingDayOnOrAfter(d) : d;
}

/** Counted days (in the unit, never paused as seen on `asOf`) in (from, to]. */
function referenceCount(s: ClockState, from: IsoDate, to: IsoDate, unit: LimitUnit, asOf: IsoDate): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (counts(unit, d) && !isPaused(s, d, asOf)) n++;
  return n;
}

/** DOMAIN.md: counted days after `asOf` up to and including `deadline`; negative, the counted days after it up to `asOf`. */
function referenceRemaining(s: ClockState, asOf: IsoDate, deadline: IsoDate, unit: LimitUnit): number {
  return asOf <= deadline ? referenceCount(s, asOf, deadline, unit, asOf) : 0 - referenceCount(s, deadline, asOf, unit, asOf);
}

/** The statutory deadline with the extension: its working days counted on from the deadline in force before it. */
function referenceStatutoryDeadline(s: ClockState, today: IsoDate): IsoDate {
  const asOf = s.stoppedOn ?? today;
  let d = referenceDeadline(s, today, s.statutoryLimit);
  for (let k = 0; k < (s.extension?.days ?? 0);) if (counts('working', (d = addDays(d, 1))) && !isPaused(s, d, asOf)) k++;
  return d;
}

// ---- generators ---------------------------------------------------------------------------------

const limitArb = fc.record({ days: fc.integer({ min: 1, max: 40 }), unit: fc.constantFrom<LimitUnit>('working', 'calendar') });
const dateArb = fc.integer({ min: toEpochDay('2025-01-01'), max: toEpochDay('2026-10-31') }).map(fromEpochDay);

type Op = { after: number; kind: 'pause' | 'resume' | 'extend' | 'stop' };
const opsArb = fc.array(
  fc.record({ after: fc.integer({ min: 0, max: 12 }), kind: fc.constantFrom<Op['kind']>('pause', 'resume', 'resume', 'extend', 'stop') }),
  { maxLength: 8 },
);

/** Applies the legal ops in order, each `after` days after the previous; illegal ones are skipped. */
function play(s0: ClockState, ops: Op[]): { state: ClockState; timeline: { day: IsoDate; state: ClockState }[] } {
  let s = s0;
  let day = s0.acceptedOn!;
  const timeline = [{ day, state: s }];
  for (const op of ops) {
    day = addDays(day, op.after);
    const legal =
      (op.kind === 'pause' && s.status === 'running') ||
      (op.kind === 'resume' && s.status === 'paused') ||
      (op.kind === 'extend' && !s.extension && (s.status === 'running' || s.status === 'paused')) ||
      (op.kind === 'stop' && (s.status === 'running' || s.status === 'paused'));
    if (!legal) continue;
    if (op.kind === 'pause') s = pauseClock(s, { reason: 'expert_review', expectedDays: op.after }, day);
    if (op.kind === 'resume') s = resumeClock(s, day);
    if (op.kind === 'extend') s = extendClock(s, { days: 10, reason: 'complex case', by: 'head-1' }, day);
    if (op.kind === 'stop') s = stopClock(s, day);
    timeline.push({ day, state: s });
  }
  return { state: s, timeline };
}

const caseArb = fc.record({ statutory: limitArb, committed: limitArb, acceptedOn: dateArb, ops: opsArb, look: fc.integer({ min: 0, max: 120 }) });

// ---- properties ---------------------------------------------------------------------------------

describe('clock properties', () => {
  it('matches the day-by-day reference for elapsed days and both deadlines', () => {
    fc.assert(
      fc.property(caseArb, ({ statutory, committed, acceptedOn, ops, look }) => {
        const { state } = play(startClock(newClock(statutory, committed), acceptedOn), ops);
        const today = maxDate(addDays(acceptedOn, look), ...state.pauses.map((p) => p.to ?? p.from));
        const v = viewClock(state, today, calendar);
        const asOf = state.stoppedOn ?? today;
        expect(v.elapsedDays).toBe(referenceElapsed(state, today, committed.unit));
        expect(v.committedDeadline).toBe(referenceDeadline(state, today, committed));
        expect(v.statutoryDeadline).toBe(referenceStatutoryDeadline(state, today));
        expect(v.remainingDays).toBe(referenceRemaining(state, asOf, v.committedDeadline!, committed.unit));
        expect(v.level).toBe(asOf > v.statutoryDeadline! ? 'red' : v.remainingDays <= 2 ? 'yellow' : 'green');
        if (state.status === 'stopped') expect(v.daysSaved).toBe(referenceRemaining(state, asOf, referenceDeadline(state, today, statutory), statutory.unit));
        else expect(v.daysSaved).toBeNull();
      }),
    );
  });

  it('keeps elapsed + remaining = committed days, more when a calendar-day deadline moved off a rest day', () => {
    fc.assert(
      fc.property(caseArb, ({ statutory, committed, acceptedOn, ops, look }) => {
        const { state } = play(startClock(newClock(statutory, committed), acceptedOn), ops);
        const today = maxDate(addDays(acceptedOn, look), ...state.pauses.map((p) => p.to ?? p.from));
        const v = viewClock(state, today, calendar);
        if (committed.unit === 'working') expect(v.elapsedDays + v.remainingDays).toBe(committed.days);
        else expect(v.elapsedDays + v.remainingDays).toBeGreaterThanOrEqual(committed.days);
      }),
    );
  });

  it('never saves fewer days by a deadline moved off a rest day: daysSaved >= statutory days − elapsed', () => {
    fc.assert(
      fc.property(caseArb, ({ statutory, committed, acceptedOn, ops }) => {
        const { state } = play(startClock(newClock(statutory, committed), acceptedOn), [...ops, { after: 3, kind: 'stop' }]);
        fc.pre(state.status === 'stopped');
        const v = viewClock(state, state.stoppedOn!, calendar);
        const elapsed = referenceElapsed(state, state.stoppedOn!, statutory.unit);
        if (statutory.unit === 'working') expect(v.daysSaved).toBe(statutory.days - elapsed);
        else expect(v.daysSaved!).toBeGreaterThanOrEqual(statutory.days - elapsed);
      }),
    );
  });

  it('never lowers remainingDays or brings a deadline earlier by pausing', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 60 }),
        ({ statutory, committed, acceptedOn }, pauseAfter, pauseFor, lookAfter) => {
          const running = startClock(newClock(statutory, committed), acceptedOn);
          const S = addDays(acceptedOn, pauseAfter);
          const paused = pauseClock(running, { reason: 'hearing', expectedDays: pauseFor }, S);
          const resumed = resumeClock(paused, addDays(S, pauseFor));
          for (const s of [paused, resumed]) {
            const today = addDays(S, lookAfter);
            const [withPause, without] = [viewClock(s, today, calendar), viewClock(running, today, calendar)];
            expect(withPause.remainingDays).toBeGreaterThanOrEqual(without.remainingDays);
            expect(withPause.committedDeadline! >= without.committedDeadline!).toBe(true);
            expect(withPause.statutoryDeadline! >= without.statutoryDeadline!).toBe(true);
          }
        },
      ),
    );
  });

  it('never moves a deadline earlier, nor elapsed back, as days pass and operations happen', () => {
    fc.assert(
      fc.property(caseArb, ({ statutory, committed, acceptedOn, ops }) => {
        const { timeline } = play(startClock(newClock(statutory, committed), acceptedOn), ops);
        const last = timeline[timeline.length - 1].day;
        let previous: ReturnType<typeof viewClock> | undefined;
        let step = 0;
        for (let day = acceptedOn; day <= addDays(last, 10); day = addDays(day, 1)) {
          while (step + 1 < timeline.length && timeline[step + 1].day <= day) step++;
          const v = viewClock(timeline[step].state, day, calendar);
          if (previous) {
            expect(v.statutoryDeadline! >= previous.statutoryDeadline!).toBe(true);
            expect(v.committedDeadline! >= previous.committedDeadline!).toBe(true);
            expect(v.elapsedDays).toBeGreaterThanOrEqual(previous.elapsedDays);
          }
          previous = v;
        }
      }),
    );
  });

  it('schedules level changes on exactly the days viewClock changes level', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 5 }), ({ statutory, committed, acceptedOn, ops }, yellowWithinDays) => {
        const thresholds = { yellowWithinDays };
        const { state } = play(startClock(newClock(statutory, committed), acceptedOn), ops);
        fc.pre(state.status === 'running');
        const from = state.pauses.at(-1)?.to ?? acceptedOn; // the last (re)start
        const { yellowOn, redOn } = levelChangeDates(state, calendar, thresholds, from);
        // redOn is null only when the statutory deadline ran out before a pause: red all along
        const expected = (d: IsoDate) => (redOn === null || d >= redOn ? 'red' : yellowOn !== null && d >= yellowOn ? 'yellow' : 'green');
        for (let d = from; d <= addDays(redOn ?? from, 2); d = addDays(d, 1)) {
          expect(viewClock(state, d, calendar, thresholds).level).toBe(expected(d));
        }
      }),
    );
  });

  it('stores as JSON without loss', () => {
    fc.assert(
      fc.property(caseArb, ({ statutory, committed, acceptedOn, ops }) => {
        const { state } = play(startClock(newClock(statutory, committed), acceptedOn), ops);
        expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
      }),
    );
  });
});
