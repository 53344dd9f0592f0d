// 延续登记 (DOMAIN.md "Registrations and electronic licences"; API.md "Permits"): a discharge registration is renewed by
// filing it again with registrationAction "renewal" before it ends: the same number, five more years.
import { addDaysIso, validUntil } from './dates';

/** What a registration renewal does to the register row: the number stays, the validity runs on. */
export interface RegistrationRenewal {
  permitNo: string;
  validTo: string;
  /** The first day of the new validity. */
  from: string;
}

/**
 * The renewed validity: from the day after the current one ends (a renewal filed before the end loses no day and
 * gains none), or from the filing day when the registration had already ended (intake refuses that; a late message
 * still never back-dates a validity); `years` long (5 for a registration).
 */
export function renewRegistration(current: { permitNo: string; validTo: string | null }, filedOn: string, years: number): RegistrationRenewal {
  const from = current.validTo && current.validTo >= filedOn ? addDaysIso(current.validTo, 1) : filedOn;
  return { permitNo: current.permitNo, validTo: validUntil(from, years), from };
}
