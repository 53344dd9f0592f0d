// Pollutant-discharge permit. Registration management needs no permit: the number comes at once.
import type { WorkflowDefinition } from '../engine/definition';
import { APPROVED, countersignAll, decisionAndCertificate, review } from './building-blocks';
import { SYSTEM_JOBS } from './jobs';

export const DISCHARGE_PERMIT: WorkflowDefinition = {
  key: 'discharge_permit',
  version: 1,
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
    review('pollution', 'countersign'),
    countersignAll(['monitoring', 'enforcement'], 'decision', false),
    ...decisionAndCertificate(SYSTEM_JOBS.issueDischargePermit, 'issue-permit'),
  ],
};
