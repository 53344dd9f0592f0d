import { businessEnvironmentReport, compressionOf, DecidedCase, licenceFigures, ratingFigures, reportCsv, supervisionCsvRows } from './business-environment';
import { shanghaiRange } from './business-environment.query';

const sub = (days: number, committed: number, fullyOnline = true, unit: 'working' | 'calendar' = 'working', committedUnit = unit) => ({
  fullyOnline,
  statutoryLimit: { days, unit },
  committedLimit: { days: committed, unit: committedUnit },
});
const decided = (over: Partial<DecidedCase> = {}): DecidedCase => ({
  licenseType: 'discharge_permit',
  status: 'approved',
  elapsedDays: 5,
  daysSaved: 15,
  withinCommitted: true,
  committedDays: 10,
  ...over,
});

/** January 2026's report over `items`: nothing received, accepted or decided unless `over` says so. */
const januaryOf =
  (items: Parameters<typeof businessEnvironmentReport>[0]['items']) =>
  (over: Partial<Parameters<typeof businessEnvironmentReport>[0]> = {}) =>
    businessEnvironmentReport({
      from: '2026-01-01',
      to: '2026-01-31',
      items,
      receivedByChannel: {},
      acceptance: { accepted: 0, notAccepted: 0 },
      decided: [],
      ...over,
    });

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
  const january = januaryOf([{ subItems: [sub(20, 10), sub(30, 6, false, 'calendar')] }, { subItems: [sub(0, 0), sub(20, 5, false)] }]);

  it('counts items and sub-items, the fully online share and the average compression', () => {
    const r = january();
    expect(r).toMatchObject({ serviceItems: 2, subItems: 4, fullyOnlineSubItems: 2, fullyOnlineShare: 0.5, compressionSubItems: 3 });
    expect(r.averageCompression).toBeCloseTo((0.5 + 0.8 + 0.75) / 3, 4);
  });

  it('rates single-window acceptance as the share received through the one window, whatever the channel', () => {
    const r = january({ receivedByChannel: { portal: 5, counter: 2, 'national-eia': 3 }, acceptance: { accepted: 2, notAccepted: 1 } });
    expect(r.singleWindowAcceptanceRate).toBe(1); // not 2 / 3: refusals at the window are still received through it
    expect(r.singleWindowReceipt).toEqual({ received: 10, throughTheWindow: 10, handledOutside: 0, byChannel: { portal: 5, counter: 2, national: 3 } });
    expect(r.byChannel).toEqual({ portal: 5, counter: 2, national: 3 });
    // cases recorded as handled outside the system count against the window: the rate is no longer 100% by construction
    const outside = january({ receivedByChannel: { portal: 5, counter: 2, 'national-eia': 3 }, handledOutside: 2 });
    expect(outside.singleWindowReceipt).toMatchObject({ received: 12, throughTheWindow: 10, handledOutside: 2 });
    expect(outside.singleWindowAcceptanceRate).toBe(0.8333);
    expect(january({ receivedByChannel: { portal: 3, fax: 1 } }).singleWindowAcceptanceRate).toBe(0.75);
    expect(january().singleWindowAcceptanceRate).toBeNull();
  });

  it('keeps accepted / (accepted + not accepted) under its own name, null when none was decided', () => {
    const r = january({ receivedByChannel: { portal: 3 }, acceptance: { accepted: 2, notAccepted: 1 } });
    expect(r.acceptedShareOfAcceptanceDecisions).toBeCloseTo(0.6667, 4);
    expect(r.acceptanceDecisions).toEqual({ accepted: 2, notAccepted: 1, decided: 3 });
    expect(january().acceptedShareOfAcceptanceDecisions).toBeNull();
  });

  it('answers the same figures as CSV, one a row', () => {
    const r = january({ receivedByChannel: { portal: 4 }, acceptance: { accepted: 1, notAccepted: 0 }, decided: [decided()] });
    const lines = reportCsv(r).trimEnd().split('\r\n');
    expect(lines[0]).toBe('scope,licenseType,figure,value');
    expect(lines).toContain('overall,,singleWindowAcceptanceRate,1');
    expect(lines).toContain('overall,,received.portal,4');
    expect(lines).toContain('licence,discharge_permit,furtherUnderCommitted,0.5');
    expect(lines).toContain('licence,eia_approval,averageDaysUsed,');
    expect(lines).toHaveLength(1 + 34 + 7 * 14); // header, the bureau's 34 figures (3 channels, shares, ratings), 8 + 2 × 3 by unit per licence type
    expect(lines).toContain('licence,discharge_permit,working.averageDaysUsed,5');
  });

  it('reports every licence type, those without decisions as zero with no averages', () => {
    const r = january({ acceptance: { accepted: 1, notAccepted: 0 }, decided: [decided()] });
    expect(r.byLicenseType.map((x) => x.licenseType)).toEqual([
      'eia_approval',
      'discharge_permit',
      'hazardous_waste',
      'radiation_safety',
      'weee_processing',
      'facility_dismantle',
      'other',
    ]);
    expect(r.byLicenseType.find((x) => x.licenseType === 'eia_approval')).toEqual({
      licenseType: 'eia_approval',
      decided: 0,
      approved: 0,
      denied: 0,
      averageDaysUsed: null,
      averageDaysSaved: null,
      withinCommittedShare: null,
      averageShareOfCommittedLimitUsed: null,
      furtherUnderCommitted: null,
      byUnit: {
        working: { decided: 0, averageDaysUsed: null, averageDaysSaved: null },
        calendar: { decided: 0, averageDaysUsed: null, averageDaysSaved: null },
      },
    });
    expect(r.byLicenseType.find((x) => x.licenseType === 'discharge_permit')).toMatchObject({
      decided: 1,
      approved: 1,
      averageDaysUsed: 5,
      averageDaysSaved: 15,
      withinCommittedShare: 1,
    });
  });
});

describe(licenceFigures.name, () => {
  it('averages days used and saved and the share within the committed limit', () => {
    const f = licenceFigures('discharge_permit', [
      decided({ elapsedDays: 4, daysSaved: 16, withinCommitted: true }),
      decided({ status: 'denied', elapsedDays: 12, daysSaved: 8, withinCommitted: false }),
      decided({ elapsedDays: 5, daysSaved: 15, withinCommitted: true }),
    ]);
    expect(f).toEqual({
      licenseType: 'discharge_permit',
      decided: 3,
      approved: 2,
      denied: 1,
      averageDaysUsed: 7,
      averageDaysSaved: 13,
      withinCommittedShare: 0.6667,
      averageShareOfCommittedLimitUsed: 0.7,
      furtherUnderCommitted: 0.3,
      byUnit: { working: { decided: 3, averageDaysUsed: 7, averageDaysSaved: 13 }, calendar: { decided: 0, averageDaysUsed: null, averageDaysSaved: null } },
    });
  });

  it('measures how far under the committed limit cases came in: 1 − mean(days used ÷ committed limit)', () => {
    // Hohhot's "a further ~70% under the committed limit": 3 of 10 days and 6 of 20 days used
    const f = licenceFigures('eia_approval', [
      decided({ licenseType: 'eia_approval', elapsedDays: 3, committedDays: 10 }),
      decided({ licenseType: 'eia_approval', elapsedDays: 6, committedDays: 20 }),
    ]);
    expect(f).toMatchObject({ averageShareOfCommittedLimitUsed: 0.3, furtherUnderCommitted: 0.7 });
  });

  it('leaves cases without clock figures out of the averages but counts them as decided', () => {
    const f = licenceFigures('radiation_safety', [
      decided({ licenseType: 'radiation_safety', elapsedDays: null, daysSaved: null, withinCommitted: null }),
      decided({ licenseType: 'radiation_safety', elapsedDays: 3, daysSaved: 17, withinCommitted: false }),
    ]);
    expect(f).toMatchObject({ decided: 2, averageDaysUsed: 3, averageDaysSaved: 17, withinCommittedShare: 0 });
  });
});

describe(shanghaiRange.name, () => {
  it('runs from midnight of the first day to midnight after the last, China Standard Time', () => {
    expect(shanghaiRange('2026-03-02', '2026-03-02')).toEqual({ start: new Date('2026-03-01T16:00:00Z'), end: new Date('2026-03-02T16:00:00Z') });
  });
});

describe(supervisionCsvRows.name, () => {
  it("adds supervision's figures under their own scope, never as a licence, and says so when they are missing", () => {
    const items: never[] = [];
    const r = businessEnvironmentReport({
      from: '2026-07-01',
      to: '2026-07-31',
      items,
      receivedByChannel: {},
      acceptance: { accepted: 0, notAccepted: 0 },
      decided: [],
    });
    const figures = { entities: { total: 2, key: 1 }, inspections: [{ period: '2026-Q3', drawn: 4, violations: 1 }], penalties: { decided: 1 } };
    const lines = reportCsv(r, figures).trimEnd().split('\r\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'supervision,,entities.total,2',
        'supervision,,inspections.2026-Q3.drawn,4',
        'supervision,,inspections.2026-Q3.violations,1',
        'supervision,,penalties.decided,1',
      ]),
    );
    expect(lines.filter((l) => l.startsWith('licence,'))).toEqual(
      reportCsv(r)
        .trimEnd()
        .split('\r\n')
        .filter((l) => l.startsWith('licence,')),
    );
    expect(reportCsv(r, null).trimEnd().split('\r\n')).toContain('supervision,,available,false');
  });
});

describe('zero-visit and fully-online shares, ratings', () => {
  const january = januaryOf([{ subItems: [sub(20, 10), sub(30, 6, false, 'calendar')] }]);
  const base = {
    licenseType: 'discharge_permit' as const,
    status: 'approved' as const,
    elapsedDays: 5,
    daysSaved: 10,
    withinCommitted: true,
    committedDays: 10,
  };

  it('gives both shares from the catalogue and from the cases decided (the counter is no zero-visit case)', () => {
    const r = january({
      decided: [
        { ...base, channel: 'portal', fullyOnline: true },
        { ...base, channel: 'counter', fullyOnline: true },
        { ...base, channel: 'national', fullyOnline: true },
        { ...base, channel: 'counter', fullyOnline: false },
      ],
    });
    expect(r.onlineShares.catalogue).toEqual({ subItems: 2, fullyOnline: 1, fullyOnlineShare: 0.5, zeroVisit: 1, zeroVisitShare: 0.5 });
    expect(r.onlineShares.decided).toEqual({ cases: 4, fullyOnline: 3, fullyOnlineShare: 0.75, zeroVisit: 2, zeroVisitShare: 0.5 });
  });

  it('averages the ratings and counts the share of 4 and 5 and the follow-ups (1 and 2)', () => {
    expect(ratingFigures([5, 4, 3, 2, 1, 5])).toEqual({
      count: 6,
      average: 3.3333,
      satisfiedShare: 0.5,
      byScore: { '1': 1, '2': 1, '3': 1, '4': 1, '5': 2 },
      followUps: 2,
    });
    expect(ratingFigures([])).toMatchObject({ count: 0, average: null, satisfiedShare: null, followUps: 0 });
  });

  it('puts the channels, the shares and the ratings in the CSV', () => {
    const r = january({ receivedByChannel: { counter: 1 }, handledOutside: 1, ratings: [5, 4] });
    const csv = reportCsv(r);
    expect(csv).toContain('overall,,received.counter,1\r\n');
    expect(csv).toContain('overall,,received.national,0\r\n');
    expect(csv).toContain('overall,,handledOutside,1\r\n');
    expect(csv).toContain('overall,,ratings.average,4.5\r\n');
    expect(csv).toContain('overall,,ratings.satisfiedShare,1\r\n');
  });
});

describe('averages by unit', () => {
  it('never mixes working-day and calendar-day sub-items in one mean: kept apart by unit', () => {
    const base = { licenseType: 'discharge_permit' as const, status: 'approved' as const, withinCommitted: true, committedDays: 10 };
    const f = licenceFigures('discharge_permit', [
      { ...base, unit: 'calendar', elapsedDays: 10, daysSaved: 10 },
      { ...base, unit: 'calendar', elapsedDays: 6, daysSaved: 14 },
      { ...base, unit: 'working', elapsedDays: 3, daysSaved: 17 },
    ]);
    expect(f.averageDaysUsed).toBeNull();
    expect(f.averageDaysSaved).toBeNull();
    expect(f.byUnit).toEqual({
      calendar: { decided: 2, averageDaysUsed: 8, averageDaysSaved: 12 },
      working: { decided: 1, averageDaysUsed: 3, averageDaysSaved: 17 },
    });
    const one = licenceFigures('discharge_permit', [{ ...base, unit: 'calendar', elapsedDays: 10, daysSaved: 10 }]);
    expect(one.averageDaysUsed).toBe(10);
  });
});

describe('furtherUnderCommitted against the committed limit in force', () => {
  it('measures a case decided on time against a moved deadline against the days it had (not 170%)', () => {
    // DOMAIN.md: 10 committed calendar days from 09-21, the deadline moved off National Day to 10-08: 17 counted days
    const base = { licenseType: 'discharge_permit' as const, status: 'approved' as const, daysSaved: 4, withinCommitted: true, unit: 'calendar' as const };
    expect(licenceFigures('discharge_permit', [{ ...base, elapsedDays: 17, committedDays: 17 }])).toMatchObject({
      averageShareOfCommittedLimitUsed: 1,
      furtherUnderCommitted: 0,
    });
    expect(licenceFigures('discharge_permit', [{ ...base, elapsedDays: 5, committedDays: 17 }]).furtherUnderCommitted).toBe(0.7059);
  });
});
