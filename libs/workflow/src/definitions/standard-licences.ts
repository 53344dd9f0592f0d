// The licences that follow the plain shape: review → countersign → decision → certificate.
import type { Dept, LicenseType } from '@permits/contracts/enums';
import type { WorkflowDefinition } from '../engine/definition';
import { countersignAll, DECISION, decisionAndCertificate, DENIED, review } from './building-blocks';
import { SYSTEM_JOBS } from './jobs';

/**
 * v1: a section's reject denied at once. v2: the review's and the countersign's "no" is advice (DOMAIN.md
 * "Integrity"): both outcomes of the countersign lead to the decision, which the validator allows for a decision
 * only; the head reads the votes and their reasons there.
 */
function standardLicence(licenseType: LicenseType, reviewDept: Dept, signers: Dept[], version: 1 | 2): WorkflowDefinition {
  const no = version === 1 ? DENIED.id : DECISION;
  return {
    key: licenseType,
    version,
    licenseType,
    start: 'review',
    steps: [review(reviewDept, 'countersign', no), countersignAll(signers, 'decision', false, no), ...decisionAndCertificate(SYSTEM_JOBS.issueCertificate)],
  };
}

const licence = (licenseType: LicenseType, reviewDept: Dept, signers: Dept[]) =>
  [standardLicence(licenseType, reviewDept, signers, 1), standardLicence(licenseType, reviewDept, signers, 2)] as const;

export const [HAZARDOUS_WASTE_V1, HAZARDOUS_WASTE] = licence('hazardous_waste', 'solid_waste', ['pollution', 'enforcement', 'legal']);
export const [RADIATION_SAFETY_V1, RADIATION_SAFETY] = licence('radiation_safety', 'radiation', ['monitoring', 'legal']);
export const [WEEE_PROCESSING_V1, WEEE_PROCESSING] = licence('weee_processing', 'solid_waste', ['pollution', 'enforcement']);
export const [FACILITY_DISMANTLE_V1, FACILITY_DISMANTLE] = licence('facility_dismantle', 'pollution', ['enforcement', 'monitoring']);
