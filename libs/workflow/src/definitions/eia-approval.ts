// EIA approval of a construction project, from the review onwards (acceptance runs in intake).
import type { WorkflowDefinition } from '../engine/definition';
import { APPROVED, DENIED, countersignAll, decisionAndCertificate, review } from './building-blocks';
import { SYSTEM_JOBS } from './jobs';

export const EIA_APPROVAL: WorkflowDefinition = {
  key: 'eia_approval',
  version: 1,
  licenseType: 'eia_approval',
  start: 'review',
  steps: [
    review('eia', 'category'),
    // A registration form is a filing: answered at once, no assessment, notice or countersign.
    {
      id: 'category',
      kind: 'gateway',
      routes: [{ when: { field: 'data.eiaCategory', eq: 'registration' }, to: APPROVED.id }],
      otherwise: 'technical-assessment',
    },
    {
      id: 'technical-assessment',
      kind: 'task',
      taskKind: 'technical_assessment',
      dept: 'eia',
      pausesClock: 'technical_assessment',
      expectedDays: 30, // the length the applicant is told to expect (working days)
      outcomes: { approve: 'acceptance-notice', reject: DENIED.id },
    },
    { id: 'acceptance-notice', kind: 'wait', days: 10, unit: 'working', pausesClock: 'public_notice', next: 'countersign' },
    countersignAll(['pollution', 'monitoring', 'legal'], 'intended-approval-notice', true),
    { id: 'intended-approval-notice', kind: 'wait', days: 5, unit: 'working', pausesClock: 'public_notice', next: 'decision' },
    ...decisionAndCertificate(SYSTEM_JOBS.issueEiaCertificate),
  ],
};
