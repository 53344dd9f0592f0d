import type { LicenseType } from '@permits/contracts/enums';
import { validityYears } from './permit-register';
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

  it('plans nothing for a grant with no validity period', () => {
    expect(planPermitTimers({ ...permit, validTo: null }, [90, 60, 30], '2026-03-02')).toEqual([]);
  });
});

describe('validityYears', () => {
  const row = (licenseType: LicenseType, data: Record<string, unknown> = {}) => ({ licenseType, state: { data } }) as never;

  it.each<[LicenseType, number | null]>([
    ['discharge_permit', 5],
    ['hazardous_waste', 5],
    ['radiation_safety', 5],
    ['weee_processing', null],
    ['facility_dismantle', null],
  ])('%s is valid for %s years unless the catalog says otherwise', (type, years) => {
    expect(validityYears(row(type))).toBe(years);
    expect(validityYears(row(type, { validityYears: 3 }))).toBe(3);
  });
});
