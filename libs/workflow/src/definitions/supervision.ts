// Supervision after approval (DOMAIN.md "Supervision"): the workflows of the supervision service. None is a
// licence: they have no licenseType, and intake never holds them.
import type { WorkflowDefinition } from '../engine/definition';

/** One "double random" check: its inspectors record the result (approve = compliant, reject = violation). */
export const SUPERVISION_CHECK: WorkflowDefinition = {
  key: 'supervision_check',
  version: 1,
  start: 'inspection',
  steps: [
    { id: 'inspection', kind: 'task', taskKind: 'inspection', dept: 'enforcement', outcomes: { approve: 'compliant', reject: 'violation' } },
    { id: 'compliant', kind: 'end', result: 'approved' },
    { id: 'violation', kind: 'end', result: 'denied' },
  ],
};

/**
 * A penalty case opened by a violation: legal review, collective review by the heads (at least two of the
 * three sections' heads agree: a quorum of 2), then the decision by the law-enforcement detachment.
 */
export const SUPERVISION_PENALTY: WorkflowDefinition = {
  key: 'supervision_penalty',
  version: 1,
  start: 'legal_review',
  steps: [
    { id: 'legal_review', kind: 'task', taskKind: 'legal_review', dept: 'legal', outcomes: { approve: 'collective_review', reject: 'no_penalty' } },
    { id: 'collective_review', kind: 'countersign', taskKind: 'countersign', signers: ['enforcement', 'pollution', 'legal'], policy: { type: 'quorum', n: 2 }, veto: false, onApproved: 'decision', onRejected: 'no_penalty' },
    { id: 'decision', kind: 'task', taskKind: 'penalty_decision', dept: 'enforcement', outcomes: { approve: 'penalised', reject: 'no_penalty' } },
    { id: 'penalised', kind: 'end', result: 'approved' },
    { id: 'no_penalty', kind: 'end', result: 'denied' },
  ],
};

/** An online monitoring alarm, verified off-site by the law-enforcement detachment the next working day. */
export const ALARM_VERIFICATION: WorkflowDefinition = {
  key: 'alarm_verification',
  version: 1,
  start: 'verification',
  steps: [
    { id: 'verification', kind: 'task', taskKind: 'alarm_verification', dept: 'enforcement', outcomes: { approve: 'confirmed', reject: 'dismissed' } },
    { id: 'confirmed', kind: 'end', result: 'approved' },
    { id: 'dismissed', kind: 'end', result: 'denied' },
  ],
};
