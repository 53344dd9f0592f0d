import { expiryOutcome, ownValidityYears, RenewalStage } from './deemed-renewal';

const renewal = (over: Partial<RenewalStage> = {}): RenewalStage => ({
  applicationId: 'app-1',
  filedOn: '2026-01-05',
  filing: { ended: false },
  localCase: null,
  ...over,
});

describe(expiryOutcome.name, () => {
  it('expires a licence with no renewal', () => {
    expect(expiryOutcome([])).toEqual({ kind: 'expire' });
  });

  // each stage a renewal can be in when the licence ends
  it.each<[string, Partial<RenewalStage>, ReturnType<typeof expiryOutcome>['kind']]>([
    ['still at the window (submitted, or waiting for a supplement)', { localCase: null }, 'deem_at_intake'],
    ['accepted and on its way to the register (handover not taken up yet)', { localCase: null }, 'deem_at_intake'],
    ['in review, countersign or decision here', { localCase: { open: true } }, 'deem_here'],
    ['paused here (clock suspended)', { localCase: { open: true } }, 'deem_here'],
    ['filed before intake kept filing records, in review here', { filing: null, localCase: { open: true } }, 'deem_here'],
    ['not accepted or withdrawn at the window', { filing: { ended: true }, localCase: null }, 'expire'],
    ['approved here (the next validity already runs)', { localCase: { open: false } }, 'expire'],
    ['denied or withdrawn here', { localCase: { open: false } }, 'expire'],
  ])('a renewal %s', (_stage, over, kind) => {
    expect(expiryOutcome([renewal(over)]).kind).toBe(kind);
  });

  it('takes the earliest pending renewal, skipping those that ended', () => {
    expect(
      expiryOutcome([
        renewal({ applicationId: 'late', filedOn: '2026-02-01', localCase: { open: true } }),
        renewal({ applicationId: 'refused', filedOn: '2026-01-01', filing: { ended: true } }),
        renewal({ applicationId: 'early', filedOn: '2026-01-10' }),
      ]),
    ).toEqual({ kind: 'deem_at_intake', applicationId: 'early' });
  });
});

describe(ownValidityYears.name, () => {
  it("keeps the licence's own validity: a 3-year collection licence renews for 3", () => {
    expect(ownValidityYears({ licenseType: 'hazardous_waste', details: { validityYears: 3 } })).toBe(3);
    expect(ownValidityYears({ licenseType: 'hazardous_waste', details: {} })).toBe(5);
    expect(ownValidityYears({ licenseType: 'discharge_permit', details: { validityYears: 'x' } })).toBe(5);
    expect(ownValidityYears({ licenseType: 'weee_processing', details: {} })).toBeNull();
  });
});
