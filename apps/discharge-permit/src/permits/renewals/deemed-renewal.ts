// Deemed renewal (Administrative License Law art. 50; DOMAIN.md "Renewal"; API.md "Permits"): a renewal filed in time
// and still undecided when the licence ends counts as granted, wherever it stands. Pure: what the expiry does.
import type { LicenseType } from '@permits/contracts/enums';

/** One renewal of the licence as the register's service knows it: intake's filing record, and its case here if it has come. */
export interface RenewalStage {
  applicationId: string;
  filedOn: string;
  /** intake's filing record (RenewalFiledV1): null for a renewal filed before the record existed (its case is here). */
  filing: { ended: boolean } | null;
  /** the case in this service: null while it is still at intake's window (or on its way here). */
  localCase: { open: boolean } | null;
}

export type ExpiryOutcome =
  /** the renewal's case is here and open: the law closes it approved (DeemGranted) and the licence runs on */
  | { kind: 'deem_here'; applicationId: string }
  /** the renewal is still at intake's window (or on its way): the licence runs on and intake closes the case approved */
  | { kind: 'deem_at_intake'; applicationId: string }
  /** no timely renewal pending: the licence expires */
  | { kind: 'expire' };

/**
 * What the end of a licence does, from its renewals: the earliest one still pending decides. Pending: its case here is
 * open; or it has no case here yet and intake has not ended it (not accepted, withdrawn). A renewal decided here
 * (approved, denied, withdrawn) is no longer pending: an approval already ran the next validity, a refusal lets the
 * licence end. Intake refuses a renewal filed after its lead time, so every filing recorded is a timely one.
 */
export function expiryOutcome(renewals: readonly RenewalStage[]): ExpiryOutcome {
  const pending = [...renewals]
    .sort((a, b) => (a.filedOn === b.filedOn ? a.applicationId.localeCompare(b.applicationId) : a.filedOn < b.filedOn ? -1 : 1))
    .find((r) => (r.localCase ? r.localCase.open : r.filing !== null && !r.filing.ended));
  if (!pending) return { kind: 'expire' };
  return pending.localCase ? { kind: 'deem_here', applicationId: pending.applicationId } : { kind: 'deem_at_intake', applicationId: pending.applicationId };
}

const DEFAULT_YEARS: Partial<Record<LicenseType, number>> = { discharge_permit: 5, hazardous_waste: 5, radiation_safety: 5 };

/**
 * The licence's own validity in years, which a renewal keeps (API.md: a 3-year collection licence renews for 3): the
 * years it was issued with (`details.validityYears`, from the catalog sub-item that issued it), else its licence's
 * default (5 years for discharge permits, hazardous-waste and radiation licences); null for a licence without one.
 */
export function ownValidityYears(permit: { licenseType: LicenseType; details: Record<string, unknown> }): number | null {
  const years = permit.details.validityYears;
  if (typeof years === 'number' && Number.isInteger(years) && years > 0) return years;
  return DEFAULT_YEARS[permit.licenseType] ?? null;
}
