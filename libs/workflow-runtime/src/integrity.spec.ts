import { DomainError } from '@permits/core';
import { WorkingCalendar } from '@permits/workflow/calendar';
import { newClock, pauseClock, resumeClock, startClock, stopClock, viewClock, type ClockState } from '@permits/workflow/clock';
import type { WorkflowEvent } from '@permits/workflow/engine';
import { integrityFacts, outOfHours, pausedDays, rangeInstants, workingMinutesBetween, type IntegrityInput } from './integrity';

const calendar = WorkingCalendar.create();
const meta = { seq: 1, at: '' };
const ev = (e: Record<string, unknown>) => ({ ...meta, ...e }) as unknown as WorkflowEvent;
const decision = (by: string, outcome = 'approve') =>
  ev({ type: 'TaskCompleted', taskId: 't1', stepId: 'decision', kind: 'decision', outcome, by, comment: 'ok' });
const vote = (by: string) => ev({ type: 'TaskCompleted', taskId: 't2', stepId: 'countersign', kind: 'countersign', outcome: 'reject', by, comment: null });
const review = (by: string) => ev({ type: 'TaskCompleted', taskId: 't3', stepId: 'review', kind: 'review', outcome: 'approve', by, comment: null });
const ended = (result = 'approved') => ev({ type: 'CaseCompleted', result, stepId: result });

/** A running clock accepted on 2026-09-21 (Monday), 20 statutory / 10 committed working days. */
const running = (): ClockState => startClock(newClock({ days: 20, unit: 'working' }, { days: 10, unit: 'working' }), '2026-09-21');

function input(over: Partial<IntegrityInput> & { now: Date }): IntegrityInput {
  const clock = over.clock ?? null;
  const today = over.today ?? '2026-09-22';
  return {
    events: [],
    action: 'CompleteTask',
    actorId: 'u1',
    input: null,
    acceptedAt: null,
    clock,
    view: clock ? viewClock(clock, today, calendar) : null,
    today,
    calendar,
    ...over,
  };
}
const lists = (facts: ReturnType<typeof integrityFacts>) => facts.map((f) => f.list);

describe('integrity rules', () => {
  describe('outOfHours', () => {
    it('flags a decision or a vote before 08:00 or from 18:00 China time, or on a rest day; not inside working hours', () => {
      expect(outOfHours(new Date('2026-09-22T00:00:00Z'), calendar)).toMatchObject({ out: false, localTime: '2026-09-22 08:00' }); // Tuesday 08:00
      expect(outOfHours(new Date('2026-09-22T09:59:00Z'), calendar).out).toBe(false); // 17:59
      expect(outOfHours(new Date('2026-09-22T10:00:00Z'), calendar).out).toBe(true); // 18:00
      expect(outOfHours(new Date('2026-09-21T23:59:00Z'), calendar).out).toBe(true); // Tuesday 07:59
      expect(outOfHours(new Date('2026-10-01T03:00:00Z'), calendar)).toMatchObject({ out: true, restDay: true }); // National Day, 11:00
      expect(outOfHours(new Date('2026-09-27T03:00:00Z'), calendar)).toMatchObject({ out: true, restDay: true }); // a Sunday
    });

    it('lists decisions and votes only, each with its person', () => {
      const night = new Date('2026-09-22T13:00:00Z'); // 21:00
      const facts = integrityFacts(input({ now: night, events: [review('r1'), vote('v1'), decision('d1')] }));
      expect(facts.filter((f) => f.list === 'outOfHours').map((f) => [f.userId, f.detail.taskKind])).toEqual([
        ['v1', 'countersign'],
        ['d1', 'decision'],
      ]);
      expect(integrityFacts(input({ now: new Date('2026-09-22T03:00:00Z'), events: [vote('v1'), decision('d1')] }))).toEqual([]);
    });
  });

  describe('fastDecisions', () => {
    it('counts working minutes inside 08:00-18:00 on working days only', () => {
      expect(workingMinutesBetween(new Date('2026-09-22T09:30:00Z'), new Date('2026-09-23T00:30:00Z'), calendar)).toBe(60); // 17:30 → next day 08:30
      expect(workingMinutesBetween(new Date('2026-09-30T09:30:00Z'), new Date('2026-10-08T00:10:00Z'), calendar)).toBe(40); // over the holiday
      expect(workingMinutesBetween(new Date('2026-09-22T03:00:00Z'), new Date('2026-09-22T02:00:00Z'), calendar)).toBe(0);
    });

    it('flags a decision within one working hour of acceptance, by the person who decided', () => {
      const clock = stopClock(running(), '2026-10-09');
      const facts = integrityFacts(
        input({
          now: new Date('2026-10-09T02:00:00Z'),
          today: '2026-10-09',
          acceptedAt: new Date('2026-10-09T01:30:00Z'),
          clock,
          events: [decision('head-1'), ended()],
        }),
      );
      expect(facts).toEqual([
        expect.objectContaining({ list: 'fastDecisions', userId: 'head-1', detail: expect.objectContaining({ withinOneWorkingHour: true }) }),
      ]);
    });

    it('flags a decision in under a quarter of the committed counted days; not one at a quarter or later', () => {
      const at = (day: string) =>
        integrityFacts(
          input({
            now: new Date(`${day}T03:00:00Z`),
            today: day,
            acceptedAt: new Date('2026-09-21T03:00:00Z'),
            clock: stopClock(running(), day),
            events: [decision('head-1', 'reject'), ended('denied')],
          }),
        );
      expect(lists(at('2026-09-23'))).toEqual(['fastDecisions']); // 2 counted days < 10 / 4
      expect(at('2026-09-23')[0].detail).toMatchObject({ outcome: 'reject', countedDays: 2, committedDays: 10 });
      expect(lists(at('2026-09-24'))).toEqual([]); // 3 counted days
    });

    it('takes the decision when its task is completed, though the case ends later (after its certificate job)', () => {
      const facts = integrityFacts(
        input({ now: new Date('2026-09-22T03:00:00Z'), acceptedAt: new Date('2026-09-21T03:00:00Z'), clock: running(), events: [decision('head-1')] }),
      );
      expect(facts).toEqual([
        expect.objectContaining({ list: 'fastDecisions', userId: 'head-1', detail: expect.objectContaining({ outcome: 'approve', countedDays: 1 }) }),
      ]);
      // the job's reply that ends the case is no second decision
      expect(
        integrityFacts(
          input({
            now: new Date('2026-09-22T03:05:00Z'),
            acceptedAt: new Date('2026-09-21T03:00:00Z'),
            clock: stopClock(running(), '2026-09-22'),
            events: [ended()],
          }),
        ),
      ).toEqual([]);
      // a filing recorded at its review: the review that ended the case is the decision
      const filing = integrityFacts(
        input({
          now: new Date('2026-09-22T03:00:00Z'),
          acceptedAt: new Date('2026-09-22T02:00:00Z'),
          clock: stopClock(running(), '2026-09-22'),
          events: [review('r1'), ended()],
        }),
      );
      expect(filing.map((f) => [f.list, f.userId])).toEqual([['fastDecisions', 'r1']]);
      // a review that sends the case on is no decision
      expect(
        integrityFacts(
          input({ now: new Date('2026-09-22T03:00:00Z'), acceptedAt: new Date('2026-09-22T02:00:00Z'), clock: running(), events: [review('r1')] }),
        ),
      ).toEqual([]);
    });

    it('never names the system: an end nobody decided (deemed, a job) is not a fast decision', () => {
      const clock = stopClock(running(), '2026-09-22');
      expect(
        integrityFacts(
          input({ now: new Date('2026-09-22T03:00:00Z'), acceptedAt: new Date('2026-09-22T02:59:00Z'), clock, events: [decision('system:timer'), ended()] }),
        ),
      ).toEqual([]);
      expect(integrityFacts(input({ now: new Date('2026-09-22T03:00:00Z'), acceptedAt: new Date('2026-09-22T02:59:00Z'), clock, events: [ended()] }))).toEqual(
        [],
      );
    });
  });

  describe('assignments (repeatedAssignments, counted by the gateway)', () => {
    it('records a claim, a delegation and a transfer for the person given the task, with the year', () => {
      const facts = integrityFacts(
        input({
          now: new Date('2026-09-22T03:00:00Z'),
          events: [
            ev({ type: 'TaskClaimed', taskId: 'a', by: 'c1' }),
            ev({ type: 'TaskDelegated', taskId: 'b', from: 'x', to: 'd1' }),
            ev({ type: 'TaskTransferred', taskId: 'c', from: null, to: 't1', by: 'h' }),
            ev({ type: 'TaskTransferred', taskId: 'd', from: 'x', to: 'system:acceptance-limit', by: 'system:acceptance-limit' }),
          ],
        }),
      );
      expect(facts.map((f) => [f.list, f.userId, f.detail.how, f.detail.year])).toEqual([
        ['assignment', 'c1', 'claimed', 2026],
        ['assignment', 'd1', 'delegated', 2026],
        ['assignment', 't1', 'transferred', 2026],
      ]);
    });
  });

  describe('recusals and overrides', () => {
    it('lists a recusal with its reason', () => {
      expect(
        integrityFacts(input({ now: new Date('2026-09-22T03:00:00Z'), action: 'recused', actorId: 'o1', input: { reason: 'my cousin runs it' } })),
      ).toEqual([{ list: 'recusals', userId: 'o1', detail: { reason: 'my cousin runs it' } }]);
    });

    it('lists countersign departments removed and added, an extension, and a deemed acceptance', () => {
      const now = new Date('2026-09-22T03:00:00Z');
      const changed = integrityFacts(
        input({
          now,
          events: [
            ev({
              type: 'CountersignSignersChanged',
              stepId: 'countersign',
              added: ['radiation'],
              removed: ['legal', { user: 'u9', dept: 'legal' }],
              signers: [],
              by: 'head-1',
            }),
          ],
        }),
      );
      expect(changed.map((f) => [f.list, f.userId, f.detail.kind, f.detail.signers])).toEqual([
        ['overrides', 'head-1', 'countersign_removed', ['legal', 'user:u9']],
        ['overrides', 'head-1', 'countersign_added', ['radiation']],
      ]);
      expect(integrityFacts(input({ now, action: 'extended', actorId: 'head-2', input: { days: 10, reason: 'expert opinion' } }))).toEqual([
        { list: 'overrides', userId: 'head-2', detail: { kind: 'extension', days: 10, reason: 'expert opinion' } },
      ]);
      expect(lists(integrityFacts(input({ now, actorId: 'system:acceptance-limit', events: [ended('accepted')] })))).toEqual(['overrides']);
      expect(integrityFacts(input({ now, actorId: 'window-1', events: [ended('accepted')] }))).toEqual([]);
    });
  });

  describe('longPauses', () => {
    it('counts paused days in the committed unit, up to the stop day or today', () => {
      const accepted = startClock(newClock({ days: 20, unit: 'working' }, { days: 10, unit: 'working' }), '2026-11-02');
      const paused = pauseClock(accepted, { reason: 'expert_review', expectedDays: 10 }, '2026-11-03');
      expect(pausedDays(paused, '2026-11-06', calendar)).toBe(3); // 4, 5, 6 November
      expect(pausedDays(resumeClock(paused, '2026-11-05'), '2026-11-10', calendar)).toBe(2); // 4, 5
      expect(pausedDays(paused, '2026-11-09', calendar)).toBe(4); // the weekend does not count in working days
    });

    it('lists a case whose paused days exceed its counted days, and not one whose do not', () => {
      const accepted = startClock(newClock({ days: 20, unit: 'working' }, { days: 10, unit: 'working' }), '2026-11-02');
      // paused on the 3rd (which counts), resumed on the 10th: 4, 5, 6, 9, 10 paused; the 3rd counted
      const long = resumeClock(pauseClock(accepted, { reason: 'expert_review', expectedDays: 10 }, '2026-11-03'), '2026-11-10');
      expect(integrityFacts(input({ now: new Date('2026-11-10T03:00:00Z'), today: '2026-11-10', clock: long, actorId: 'o1' }))).toEqual([
        { list: 'longPauses', userId: 'o1', detail: { pausedDays: 5, countedDays: 1, pauses: 1, reasons: ['expert_review'] } },
      ]);
      // paused on the 5th, resumed on the 6th: 1 paused; 3, 4, 5, 9, 10 counted
      const short = resumeClock(pauseClock(accepted, { reason: 'expert_review', expectedDays: 10 }, '2026-11-05'), '2026-11-06');
      expect(integrityFacts(input({ now: new Date('2026-11-10T03:00:00Z'), today: '2026-11-10', clock: short }))).toEqual([]);
    });
  });

  describe('rangeInstants', () => {
    it('covers whole China-time days, and refuses an impossible or inverted range', () => {
      expect(rangeInstants('2026-09-01', '2026-09-30')).toEqual({ since: new Date('2026-08-31T16:00:00Z'), before: new Date('2026-09-30T16:00:00Z') });
      expect(rangeInstants()).toEqual({ since: null, before: null });
      expect(() => rangeInstants('2026-10-01', '2026-09-30')).toThrow(DomainError);
      expect(() => rangeInstants('2026-09-30', '2026-09-30')).not.toThrow();
      expect(() => rangeInstants('2026-02-30')).toThrow();
    });
  });
});
