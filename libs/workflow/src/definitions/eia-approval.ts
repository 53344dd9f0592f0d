// EIA approval of a construction project, from the review onwards (acceptance runs in intake).
import type { WorkflowDefinition } from '../engine/definition';
import { APPROVED, DECISION, DENIED, countersignAll, decisionAndCertificate, review } from './building-blocks';
import { SYSTEM_JOBS } from './jobs';

function eiaApproval(version: 1 | 2): WorkflowDefinition {
  // v1: a section's reject denied at once; v2: it is advice to the decision (DOMAIN.md "Integrity"). A rejected
  // countersign skips the intended-approval notice: there is no intended approval to announce.
  const no = version === 1 ? DENIED.id : DECISION;
  return {
    key: 'eia_approval',
    version,
    licenseType: 'eia_approval',
    start: 'review',
    steps: [
      review('eia', 'category', no),
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
        outcomes: { approve: 'acceptance-notice', reject: no },
      },
      { id: 'acceptance-notice', kind: 'wait', days: 10, unit: 'working', pausesClock: 'public_notice', next: 'countersign' },
      // veto: one section's objection closes the countersign at once (the others' tasks are cancelled)
      countersignAll(['pollution', 'monitoring', 'legal'], 'intended-approval-notice', true, no),
      { id: 'intended-approval-notice', kind: 'wait', days: 5, unit: 'working', pausesClock: 'public_notice', next: 'decision' },
      ...decisionAndCertificate(SYSTEM_JOBS.issueEiaCertificate),
    ],
  };
}

/** Version 1, kept so that the cases started on it load (they are moved to v2: see definition-upgrades). */
export const EIA_APPROVAL_V1 = eiaApproval(1);
export const EIA_APPROVAL = eiaApproval(2);
