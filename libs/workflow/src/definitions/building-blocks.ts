// Steps shared by the licence definitions.
import type { Dept } from '@permits/contracts/enums';
import type { CountersignStep, EndStep, StepDef, SystemStep, TaskStep } from '../engine/definition';

export const APPROVED: EndStep = { id: 'approved', kind: 'end', result: 'approved' };
export const DENIED: EndStep = { id: 'denied', kind: 'end', result: 'denied' };

/** The decision step's id: where a section's "no" goes as advice (DOMAIN.md "Integrity"). */
export const DECISION = 'decision';

/**
 * The review by the section concerned. From version 2 its `reject` is advice: the case goes on to the decision,
 * where a head decides with the review's reasons before them; version 1 (kept for the cases that ran on it)
 * denied at once.
 */
export function review(dept: Dept, onApprove: string, onReject: string = DECISION): TaskStep {
  return { id: 'review', kind: 'task', taskKind: 'review', dept, outcomes: { approve: onApprove, reject: onReject } };
}

/**
 * Joint review by the sections concerned: every one must agree for the countersign to be approved. From version 2
 * a rejection (a veto included) is advice and goes to the decision (`onRejected` = DECISION).
 */
export function countersignAll(signers: Dept[], onApproved: string, veto: boolean, onRejected: string = DECISION): CountersignStep {
  return {
    id: 'countersign',
    kind: 'countersign',
    taskKind: 'countersign',
    signers,
    policy: { type: 'all' },
    veto,
    onApproved,
    onRejected,
  };
}

/** Decision by the administrative approval section, then the certificate, then the end. */
export function decisionAndCertificate(job: string, certificateStepId = 'issue-certificate'): StepDef[] {
  const decision: TaskStep = {
    id: DECISION,
    kind: 'task',
    taskKind: 'decision',
    dept: 'approval',
    outcomes: { approve: certificateStepId, reject: DENIED.id },
  };
  const certificate: SystemStep = { id: certificateStepId, kind: 'system', job, next: APPROVED.id };
  return [decision, certificate, APPROVED, DENIED];
}
