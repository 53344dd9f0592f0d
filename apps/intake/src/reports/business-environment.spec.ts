import { businessEnvironmentReport, compressionOf, DecidedCase, isCalendarDate, licenceFigures } from './business-environment';
import { shanghaiRange } from './reports.controller';

const sub = (days: number, committed: number, fullyOnline = true, unit: 'working' | 'calendar' = 'working', committedUnit = unit) => ({
  fullyOnline,
  statutoryLimit: { days, unit },
  committedLimit: { days: committed, unit: committedUnit },
});
const decided = (over: Partial<DecidedCase> = {}): DecidedCase => ({ licenseType: 'discharge_permit', status: 'approved', elapsedDays: 5, daysSaved: 15, withinCommitted: true, ...over });

describe(compressionOf.name, () => {
  it('is 1 − committed/statutory when the units match', () => {
    expect(compressionOf(sub(20, 10))).toBe(0.5);
    expect(compressionOf(sub(60, 25, true, 'calendar'))).toBeCloseTo(35 / 60);
  });

  it('leaves out filings answered at once and limits in different units', () => {
    expect(compressionOf(sub(0, 0))).toBeNull();
    expect(compressionOf(sub(20, 5, true, 'calendar', 'working'))).toBeNull();
  });
});

describe(businessEnvironmentReport.name, () => {
  const items = [{ subItems: [sub(20, 10), sub(30, 6, false, 'calendar')] }, { subItems: [sub(0, 0), sub(20, 5, false)] }];

  it('counts items and sub-items, the fully online share and the average compression', () => {
    const r = businessEnvironmentReport({ from: '2026-01-01', to: '2026-01-31', items, acceptance: { accepted: 0, notAccepted: 0 }, decided: [] });
    expect(r).toMatchObject({ serviceItems: 2, subItems: 4, fullyOnlineSubItems: 2, fullyOnlineShare: 0.5, compressionSubItems: 3 });
    expect(r.averageCompression).toBeCloseTo((0.5 + 0.8 + 0.75) / 3, 4);
  });

  it('rates single-window acceptance as accepted / (accepted + not accepted), null when none was decided', () => {
    const r = businessEnvironmentReport({ from: '2026-01-01', to: '2026-01-31', items, acceptance: { accepted: 2, notAccepted: 1 }, decided: [] });
    expect(r.singleWindowAcceptanceRate).toBeCloseTo(0.6667, 4);
    expect(r.singleWindowAcceptance).toEqual({ accepted: 2, notAccepted: 1, decided: 3 });
    expect(businessEnvironmentReport({ from: '2026-01-01', to: '2026-01-31', items, acceptance: { accepted: 0, notAccepted: 0 }, decided: [] }).singleWindowAcceptanceRate).toBeNull();
  });

  it('reports every licence type, those without decisions as zero with no averages', () => {
    const r = businessEnvironmentReport({ from: '2026-01-01', to: '2026-01-31', items, acceptance: { accepted: 1, notAccepted: 0 }, decided: [decided()] });
    expect(r.byLicenseType.map((x) => x.licenseType)).toEqual(['eia_approval', 'discharge_permit', 'hazardous_waste', 'radiation_safety', 'weee_processing', 'facility_dismantle', 'other']);
    expect(r.byLicenseType.find((x) => x.licenseType === 'eia_approval')).toEqual({ licenseType: 'eia_approval', decided: 0, approved: 0, denied: 0, averageDaysUsed: null, averageDaysSaved: null, withinCommittedShare: null });
    expect(r.byLicenseType.find((x) => x.licenseType === 'discharge_permit')).toMatchObject({ decided: 1, approved: 1, averageDaysUsed: 5, averageDaysSaved: 15, withinCommittedShare: 1 });
  });
});

describe(licenceFigures.name, () => {
  it('averages days used and saved and the share within the committed limit', () => {
    const f = licenceFigures('discharge_permit', [
      decided({ elapsedDays: 4, daysSaved: 16, withinCommitted: true }),
      decided({ status: 'denied', elapsedDays: 12, daysSaved: 8, withinCommitted: false }),
      decided({ elapsedDays: 5, daysSaved: 15, withinCommitted: true }),
    ]);
    expect(f).toEqual({ licenseType: 'discharge_permit', decided: 3, approved: 2, denied: 1, averageDaysUsed: 7, averageDaysSaved: 13, withinCommittedShare: 0.6667 });
  });

  it('leaves cases without clock figures out of the averages but counts them as decided', () => {
    const f = licenceFigures('radiation_safety', [decided({ licenseType: 'radiation_safety', elapsedDays: null, daysSaved: null, withinCommitted: null }), decided({ licenseType: 'radiation_safety', elapsedDays: 3, daysSaved: 17, withinCommitted: false })]);
    expect(f).toMatchObject({ decided: 2, averageDaysUsed: 3, averageDaysSaved: 17, withinCommittedShare: 0 });
  });
});

describe(isCalendarDate.name, () => {
  it('accepts real dates only', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
  });
});

describe(shanghaiRange.name, () => {
  it('runs from midnight of the first day to midnight after the last, China Standard Time', () => {
    expect(shanghaiRange('2026-03-02', '2026-03-02')).toEqual({ start: new Date('2026-03-01T16:00:00Z'), end: new Date('2026-03-02T16:00:00Z') });
  });
});
