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
 * A check since v2: one inspection task per drawn inspector, held by name (never claimed, delegated or
 * transferred); each records the result (approve = compliant, reject = violation). It closes when they all
 * agree; split votes go to a review by a head of enforcement.
 */
export const SUPERVISION_CHECK_V2: WorkflowDefinition = {
  key: 'supervision_check',
  version: 2,
  start: 'inspection',
  steps: [
    {
      id: 'inspection',
      kind: 'countersign',
      taskKind: 'inspection',
      signers: [],
      signersFrom: { field: 'data.inspectors', dept: 'enforcement' },
      policy: { type: 'all' },
      veto: false,
      onApproved: 'compliant',
      onRejected: 'violation',
      onSplit: 'review',
    },
    { id: 'review', kind: 'task', taskKind: 'review', dept: 'enforcement', outcomes: { approve: 'compliant', reject: 'violation' } },
    { id: 'compliant', kind: 'end', result: 'approved' },
    { id: 'violation', kind: 'end', result: 'denied' },
  ],
};

/**
 * A penalty case since v2 (Administrative Penalty Law 2021, DOMAIN.md "Supervision"): the legal section's
 * proposal; the notice to the firm, which states its defence within 3 working days, or, for a large fine
 * (`data.hearingEligible`), may also ask for a hearing within 5 (`data.hearingRequested`), and the case waits
 * for the hearing; collective review by at least two heads (quorum 2; the service refuses a second vote by
 * the same person); the decision by a head who was no inspector of the check.
 */
export const SUPERVISION_PENALTY_V2: WorkflowDefinition = {
  key: 'supervision_penalty',
  version: 2,
  start: 'legal_review',
  steps: [
    { id: 'legal_review', kind: 'task', taskKind: 'legal_review', dept: 'legal', outcomes: { approve: 'notice', reject: 'no_penalty' } },
    { id: 'notice', kind: 'gateway', routes: [{ when: { field: 'data.hearingEligible', eq: true }, to: 'hearing_period' }], otherwise: 'statement_period' },
    { id: 'statement_period', kind: 'wait', days: 3, unit: 'working', next: 'collective_review' },
    { id: 'hearing_period', kind: 'wait', days: 5, unit: 'working', next: 'hearing_gate' },
    { id: 'hearing_gate', kind: 'gateway', routes: [{ when: { field: 'data.hearingRequested', eq: true }, to: 'hearing' }], otherwise: 'collective_review' },
    { id: 'hearing', kind: 'task', taskKind: 'hearing', dept: 'legal', outcomes: { approve: 'collective_review', reject: 'no_penalty' } },
    {
      id: 'collective_review',
      kind: 'countersign',
      taskKind: 'countersign',
      signers: ['enforcement', 'pollution', 'legal'],
      policy: { type: 'quorum', n: 2 },
      veto: false,
      onApproved: 'decision',
      onRejected: 'no_penalty',
    },
    { id: 'decision', kind: 'task', taskKind: 'penalty_decision', dept: 'enforcement', outcomes: { approve: 'penalised', reject: 'no_penalty' } },
    { id: 'penalised', kind: 'end', result: 'approved' },
    { id: 'no_penalty', kind: 'end', result: 'denied' },
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
    {
      id: 'collective_review',
      kind: 'countersign',
      taskKind: 'countersign',
      signers: ['enforcement', 'pollution', 'legal'],
      policy: { type: 'quorum', n: 2 },
      veto: false,
      onApproved: 'decision',
      onRejected: 'no_penalty',
    },
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
