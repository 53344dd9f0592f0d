// Pollutant-discharge permit. Registration management needs no permit: the number comes at once.
import type { WorkflowDefinition } from '../engine/definition';
import { APPROVED, countersignAll, DECISION, decisionAndCertificate, DENIED, review } from './building-blocks';
import { SYSTEM_JOBS } from './jobs';

function dischargePermit(version: 1 | 2): WorkflowDefinition {
  // v1: a section's reject denied at once; v2: it is advice to the decision (DOMAIN.md "Integrity")
  const no = version === 1 ? DENIED.id : DECISION;
  return {
    key: 'discharge_permit',
    version,
    licenseType: 'discharge_permit',
    start: 'management-category',
    steps: [
      {
        id: 'management-category',
        kind: 'gateway',
        routes: [{ when: { field: 'data.managementCategory', eq: 'registration' }, to: 'issue-registration' }],
        otherwise: 'review',
      },
      { id: 'issue-registration', kind: 'system', job: SYSTEM_JOBS.issueDischargeRegistration, next: APPROVED.id },
      review('pollution', 'countersign', no),
      countersignAll(['monitoring', 'enforcement'], 'decision', false, no),
      ...decisionAndCertificate(SYSTEM_JOBS.issueDischargePermit, 'issue-permit'),
    ],
  };
}

/** Version 1, kept so that the cases started on it load (they are moved to v2: see definition-upgrades). */
export const DISCHARGE_PERMIT_V1 = dischargePermit(1);
export const DISCHARGE_PERMIT = dischargePermit(2);
