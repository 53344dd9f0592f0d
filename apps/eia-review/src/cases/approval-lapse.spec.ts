import { approvalLapsesOn, planLapseTimers } from './approval-lapse';

describe('approvalLapsesOn', () => {
  it('lapses a leap-day approval on 28 February five years on, and any other on the same date', () => {
    expect(approvalLapsesOn('2028-02-29')).toBe('2033-02-28');
    expect(approvalLapsesOn('2026-11-29')).toBe('2031-11-29');
    expect(approvalLapsesOn('2024-03-01')).toBe('2029-03-01');
  });
});

describe('planLapseTimers', () => {
  it('reminds the holder 90, 60 and 30 days before the lapse, never on a day already past', () => {
    const cert = { applicationId: 'a1', certificateNo: 'HP-2028-000001', lapsesOn: '2033-02-28' };
    expect(planLapseTimers(cert, '2028-02-29').map((t) => [t.data.daysBefore, t.dueAt.toISOString()])).toEqual([
      [90, '2032-11-29T16:00:00.000Z'],
      [60, '2032-12-29T16:00:00.000Z'],
      [30, '2033-01-28T16:00:00.000Z'],
    ]);
    expect(planLapseTimers(cert, '2033-01-01').map((t) => t.data.daysBefore)).toEqual([30]);
  });
});
