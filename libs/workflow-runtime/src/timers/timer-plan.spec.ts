import { WorkingCalendar } from '@permits/workflow/calendar';
import { newClock, pauseClock, startClock } from '@permits/workflow/clock';
import {
  acceptanceTimer,
  alertsOwed,
  countersignDueDate,
  daysSavedObservation,
  labelKey,
  parseLabelKey,
  shanghaiMidnight,
  slaTimers,
  taskLevel,
  taskTimers,
  waitTimer,
  wakeJobId,
} from './timer-plan';

// Expectations are counted by hand from the State Council's 2026 schedule (chinese-days): Mid-Autumn
// 2026-09-25..27 off; National Day 2026-10-01..07 off; 2026-09-20 (Sun) and 2026-10-10 (Sat) worked.
const calendar = WorkingCalendar.create();

describe('shanghaiMidnight', () => {
  it('is 16:00 UTC of the day before (UTC+8, no daylight saving)', () => {
    expect(shanghaiMidnight('2026-10-01').toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(shanghaiMidnight('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});

describe('waitTimer', () => {
  it('ends a 10-working-day notice begun before National Day at 00:00 after its 10th working day', () => {
    // 09-30, 10-08, 10-09, 10-10 (worked Saturday), 10-12 .. 10-16, 10-19 = 10
    const t = waitTimer('c1', { stepId: 'acceptance-notice', round: 1, from: '2026-09-29', days: 10, unit: 'working' }, calendar);
    expect(t).toMatchObject({ id: 'c1:wait:acceptance-notice:r1', kind: 'wait', data: { lastDay: '2026-10-19', stepId: 'acceptance-notice', round: 1 } });
    expect(t.dueAt.toISOString()).toBe('2026-10-19T16:00:00.000Z');
  });

  it('counts calendar days straight through holidays (a notice is not moved off a rest day)', () => {
    const t = waitTimer('c1', { stepId: 'n', round: 2, from: '2026-09-29', days: 3, unit: 'calendar' }, calendar);
    expect(t.data.lastDay).toBe('2026-10-02');
    expect(t.dueAt.toISOString()).toBe('2026-10-02T16:00:00.000Z');
    expect(t.id).toBe('c1:wait:n:r2');
  });
});

describe('acceptanceTimer', () => {
  it('gives a discharge permit 3 calendar days, a deadline on a holiday moving to the next working day', () => {
    // 2026-09-29 + 3 = 10-02, a National Day holiday: the deadline moves to 10-08; deemed at 00:00 on 10-09
    const t = acceptanceTimer('c2', { taskId: 'in_1', from: '2026-09-29', limit: { days: 3, unit: 'calendar' }, deemedOn: '2026-09-29' }, calendar);
    expect(t).toMatchObject({
      id: 'c2:acceptance_limit:in_1',
      kind: 'acceptance_limit',
      calendarComplete: true,
      data: { deadline: '2026-10-08', deemedOn: '2026-09-29' },
    });
    expect(t.dueAt.toISOString()).toBe('2026-10-08T16:00:00.000Z');
  });

  it('gives other licences 5 working days', () => {
    // 09-30, 10-08, 10-09, 10-10 (worked Saturday), 10-12
    const t = acceptanceTimer('c3', { taskId: 'in_2', from: '2026-09-29', limit: { days: 5, unit: 'working' }, deemedOn: '2026-09-29' }, calendar);
    expect(t.data.deadline).toBe('2026-10-12');
    expect(t.dueAt.toISOString()).toBe('2026-10-12T16:00:00.000Z');
  });

  it('flags a deadline counted into a year the calendar does not cover', () => {
    // 12-29, 12-30, 12-31, 2027-01-01 (Friday, Mon-Fri assumed), 2027-01-04
    const t = acceptanceTimer('c4', { taskId: 'in_3', from: '2026-12-28', limit: { days: 5, unit: 'working' }, deemedOn: '2026-12-28' }, calendar);
    expect(t.data.deadline).toBe('2027-01-04');
    expect(t.calendarComplete).toBe(false);
  });
});

describe('slaTimers', () => {
  // radiation safety licence: 20 working days statutory, 10 committed, yellow 2 counted days before
  const accepted = startClock(newClock({ days: 20, unit: 'working' }, { days: 10, unit: 'working' }), '2026-09-29');

  it('schedules yellow on the 8th counted day and red the day after the 20th, keyed by clock version', () => {
    // counted: 09-30 (1), 10-08 (2), 10-09 (3), 10-10 (4), 10-12..16 (5..9), 10-19 (10) ... 11-02 (20)
    const timers = slaTimers('r1', accepted, calendar, 2, '2026-09-29');
    expect(timers.map((t) => [t.id, t.kind, t.dueAt.toISOString(), t.data.on])).toEqual([
      ['r1:sla_yellow:v1', 'sla_yellow', '2026-10-14T16:00:00.000Z', '2026-10-15'],
      ['r1:sla_red:v1', 'sla_red', '2026-11-02T16:00:00.000Z', '2026-11-03'],
    ]);
    expect(timers[0].data.clockVersion).toBe(1);
  });

  it('leaves out a level change already behind today', () => {
    expect(slaTimers('r1', accepted, calendar, 2, '2026-10-20').map((t) => t.kind)).toEqual(['sla_red']);
  });

  it('schedules nothing for a paused clock or none at all', () => {
    expect(slaTimers('r1', pauseClock(accepted, { reason: 'expert_review', expectedDays: 5 }, '2026-10-09'), calendar, 2, '2026-10-09')).toEqual([]);
    expect(slaTimers('r1', null, calendar, 2, '2026-10-09')).toEqual([]);
  });
});

describe('wakeJobId', () => {
  it('is a stable UUID per timer and due time', () => {
    const a = wakeJobId('c1:sla_red:v3', new Date('2026-11-02T16:00:00Z'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(wakeJobId('c1:sla_red:v3', new Date('2026-11-02T16:00:00Z'))).toBe(a);
    expect(wakeJobId('c1:sla_red:v3', new Date('2026-11-03T16:00:00Z'))).not.toBe(a);
    expect(wakeJobId('c1:sla_red:v4', new Date('2026-11-02T16:00:00Z'))).not.toBe(a);
  });
});

describe('alertsOwed', () => {
  it('owes one alert per level passed on the way up and none on the way down', () => {
    expect(alertsOwed('green', 'green')).toEqual([]);
    expect(alertsOwed('green', 'yellow')).toEqual(['yellow']);
    expect(alertsOwed('green', 'red')).toEqual(['yellow', 'red']);
    expect(alertsOwed('yellow', 'yellow')).toEqual([]);
    expect(alertsOwed('yellow', 'red')).toEqual(['red']);
    expect(alertsOwed('red', 'red')).toEqual([]);
    expect(alertsOwed('red', 'yellow')).toEqual([]);
  });
});

describe('daysSavedObservation', () => {
  it('adds one to every cumulative bucket at or above the value, and to sum and count', () => {
    const rows = daysSavedObservation('radiation_safety', 4);
    const buckets = rows.filter((r) => r.metric === 'sla_days_saved_bucket').map((r) => r.labels.le);
    expect(buckets).toEqual(['5', '7', '10', '15', '20', '30', '45', '60', '+Inf']);
    expect(rows).toContainEqual({ metric: 'sla_days_saved_sum', labels: { license_type: 'radiation_safety' }, by: 4 });
    expect(rows).toContainEqual({ metric: 'sla_days_saved_count', labels: { license_type: 'radiation_safety' }, by: 1 });
  });

  it('counts a case decided past its statutory deadline (negative days saved) in every bucket', () => {
    expect(daysSavedObservation('discharge_permit', -12).filter((r) => r.metric === 'sla_days_saved_bucket')).toHaveLength(15);
  });
});

describe('labelKey', () => {
  it('is canonical (sorted) and round-trips', () => {
    expect(labelKey({ le: '5', license_type: 'x' })).toBe('le=5,license_type=x');
    expect(labelKey({ license_type: 'x', le: '5' })).toBe('le=5,license_type=x');
    expect(parseLabelKey('le=+Inf,license_type=x')).toEqual({ le: '+Inf', license_type: 'x' });
    expect(parseLabelKey('')).toEqual({});
  });
});

describe('countersign due dates', () => {
  it('are 7 working days after the task opened, over National Day', () => {
    // opened 09-29: 09-30, 10-08, 10-09, 10-10 (worked Saturday), 10-12, 10-13, 10-14
    expect(countersignDueDate('2026-09-29', calendar)).toBe('2026-10-14');
    expect(countersignDueDate('2026-10-20', calendar)).toBe('2026-10-29');
  });

  it('give the task its own level: yellow from 2 working days before, red after', () => {
    expect(taskLevel('2026-10-14', '2026-10-09', calendar, 2)).toBe('green');
    expect(taskLevel('2026-10-14', '2026-10-10', calendar, 2)).toBe('green'); // 10-12, 13, 14 remain
    expect(taskLevel('2026-10-14', '2026-10-11', calendar, 2)).toBe('green'); // Sunday: still 3 remain
    expect(taskLevel('2026-10-14', '2026-10-12', calendar, 2)).toBe('yellow');
    expect(taskLevel('2026-10-14', '2026-10-14', calendar, 2)).toBe('yellow');
    expect(taskLevel('2026-10-14', '2026-10-15', calendar, 2)).toBe('red');
  });

  it('schedule a yellow and a red alert timer for the section holding the task', () => {
    const [yellow, red] = taskTimers('c1', { id: 'dp_t1', dept: 'monitoring' }, '2026-09-29', '2026-10-14', calendar, 2);
    expect(yellow).toMatchObject({
      id: 'c1:task_yellow:dp_t1',
      kind: 'task_yellow',
      data: { taskId: 'dp_t1', dept: 'monitoring', level: 'yellow', on: '2026-10-12', dueDate: '2026-10-14' },
    });
    expect(red).toMatchObject({ id: 'c1:task_red:dp_t1', kind: 'task_red', data: { level: 'red', on: '2026-10-15' } });
    expect(red.dueAt.toISOString()).toBe('2026-10-14T16:00:00.000Z');
  });
});
