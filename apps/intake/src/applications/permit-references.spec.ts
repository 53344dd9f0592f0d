import type { LicenseType, SubItemKind } from '@permits/contracts/enums';
import { BundledCalendar } from '@permits/workflow-runtime';
import { PermitReferences } from './permit-references';

/** The register as the applicant's token sees it: one permit, whatever its number. */
function referencesWith(permit: { licenseType: LicenseType; validTo: string; status?: string; managementCategory?: string | null }) {
  const refs = new PermitReferences({} as never, new BundledCalendar());
  jest
    .spyOn(refs as unknown as { fetch: () => Promise<unknown> }, 'fetch')
    .mockResolvedValue({ permitNo: 'PW-2021-000001', managementCategory: null, status: 'valid', ...permit });
  return refs;
}

const sub = (licenseType: LicenseType, kind: SubItemKind = 'renewal') => ({ licenseType, kind, statutoryLimit: { days: 20 } });

describe(PermitReferences.name, () => {
  // Expiry 2026-06-30 (a Tuesday). Discharge: 60 days before → 05-01. Radiation: 30 days → 05-31. Hazardous waste:
  // 30 working days by the 2026 schedule: June has 21 (06-19 is the Dragon Boat holiday), then 05-29…05-25 and
  // 05-22…05-19 make 30, so 05-18 is the last day with 30 working days still ahead.
  it.each<[LicenseType, string, string]>([
    ['discharge_permit', '2026-05-01', '2026-05-02'],
    ['radiation_safety', '2026-05-31', '2026-06-01'],
    ['hazardous_waste', '2026-05-18', '2026-05-19'],
  ])('%s: a renewal filed on %s is in time, one filed on %s is refused', async (licenseType, lastDay, dayAfter) => {
    const refs = referencesWith({ licenseType, validTo: '2026-06-30' });
    expect(refs.latestRenewalDay(licenseType, '2026-06-30')).toBe(lastDay);
    expect(await refs.problems(sub(licenseType), { permitNo: 'PW-2021-000001' }, undefined, lastDay)).toEqual([]);
    const late = await refs.problems(sub(licenseType), { permitNo: 'PW-2021-000001' }, undefined, dayAfter);
    expect(late).toEqual([expect.stringContaining(`a renewal must be filed by ${lastDay}`)]);
  });

  it('sets no lead time where the law sets none', () => {
    const refs = referencesWith({ licenseType: 'weee_processing', validTo: '2026-06-30' });
    expect(refs.latestRenewalDay('weee_processing', '2026-06-30')).toBeNull();
  });

  it.each(['cancelled', 'revoked'])('refuses to renew or change a %s permit', async (status) => {
    const refs = referencesWith({ licenseType: 'discharge_permit', validTo: '2030-06-30', status });
    expect(await refs.problems(sub('discharge_permit'), { permitNo: 'PW-2021-000001' }, undefined, '2026-01-05')).toEqual([
      `project.permitNo: PW-2021-000001 is ${status}`,
    ]);
  });

  it('refuses a permit renewal, change or cancellation naming a discharge registration', async () => {
    const refs = referencesWith({ licenseType: 'discharge_permit', validTo: '2030-06-30', managementCategory: 'registration' });
    for (const kind of ['renewal', 'change', 'cancellation'] as const) {
      const problems = await refs.problems(
        sub('discharge_permit', kind),
        { permitNo: 'DJ-2026-000001', changes: { holderName: 'X' } },
        undefined,
        '2026-01-05',
      );
      expect(problems).toEqual([expect.stringContaining('is a discharge registration')]);
    }
  });
});
