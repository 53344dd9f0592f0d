// The licences that follow the plain shape: review → countersign → decision → certificate.
import type { Dept, LicenseType } from '@permits/contracts/enums';
import type { WorkflowDefinition } from '../engine/definition';
import { countersignAll, decisionAndCertificate, review } from './building-blocks';
import { SYSTEM_JOBS } from './jobs';

function standardLicence(licenseType: LicenseType, reviewDept: Dept, signers: Dept[]): WorkflowDefinition {
  return {
    key: licenseType,
    version: 1,
    licenseType,
    start: 'review',
    steps: [review(reviewDept, 'countersign'), countersignAll(signers, 'decision', false), ...decisionAndCertificate(SYSTEM_JOBS.issueCertificate)],
  };
}

export const HAZARDOUS_WASTE = standardLicence('hazardous_waste', 'solid_waste', ['pollution', 'enforcement', 'legal']);
export const RADIATION_SAFETY = standardLicence('radiation_safety', 'radiation', ['monitoring', 'legal']);
export const WEEE_PROCESSING = standardLicence('weee_processing', 'solid_waste', ['pollution', 'enforcement']);
export const FACILITY_DISMANTLE = standardLicence('facility_dismantle', 'pollution', ['enforcement', 'monitoring']);
