import { planPermitTimers } from './permit-timers';

describe('planPermitTimers', () => {
  const permit = { permitNo: 'PW-2026-000001', applicationId: 'case-1', validTo: '2031-03-01' };

  it('plans a reminder per configured day and the expiry the day after the validity ends, at 00:00 Shanghai', () => {
    const timers = planPermitTimers(permit, [90, 60, 30], '2026-03-02');
    expect(timers.map((t) => [t.kind, t.dueAt.toISOString(), t.data.daysBefore ?? null])).toEqual([
      ['permit_expiring', '2030-11-30T16:00:00.000Z', 90],
      ['permit_expiring', '2030-12-30T16:00:00.000Z', 60],
      ['permit_expiring', '2031-01-29T16:00:00.000Z', 30],
      ['permit_expired', '2031-03-01T16:00:00.000Z', null],
    ]);
    expect(new Set(timers.map((t) => t.id)).size).toBe(4);
    expect(timers.every((t) => t.caseId === 'case-1')).toBe(true);
  });

  it('skips reminder days already past and keys timers by the validity, so a renewal gets new ones', () => {
    const late = planPermitTimers(permit, [90, 60, 30], '2031-01-15');
    expect(late.map((t) => t.data.daysBefore ?? 'expiry')).toEqual([30, 'expiry']);
    const renewed = planPermitTimers({ ...permit, validTo: '2036-03-01' }, [90], '2031-01-15');
    expect(renewed.map((t) => t.id)).not.toContain(late[0].id);
  });
});
