// Steps shared by the licence definitions.
import type { Dept } from '@permits/contracts/enums';
import type { CountersignStep, EndStep, StepDef, SystemStep, TaskStep } from '../engine/definition';

export const APPROVED: EndStep = { id: 'approved', kind: 'end', result: 'approved' };
export const DENIED: EndStep = { id: 'denied', kind: 'end', result: 'denied' };

export function review(dept: Dept, onApprove: string): TaskStep {
  return { id: 'review', kind: 'task', taskKind: 'review', dept, outcomes: { approve: onApprove, reject: DENIED.id } };
}

/** Joint review by the sections concerned: every one must agree. */
export function countersignAll(signers: Dept[], onApproved: string, veto: boolean): CountersignStep {
  return {
    id: 'countersign',
    kind: 'countersign',
    taskKind: 'countersign',
    signers,
    policy: { type: 'all' },
    veto,
    onApproved,
    onRejected: DENIED.id,
  };
}

/** Decision by the administrative approval section, then the certificate, then the end. */
export function decisionAndCertificate(job: string, certificateStepId = 'issue-certificate'): StepDef[] {
  const decision: TaskStep = {
    id: 'decision',
    kind: 'task',
    taskKind: 'decision',
    dept: 'approval',
    outcomes: { approve: certificateStepId, reject: DENIED.id },
  };
  const certificate: SystemStep = { id: certificateStepId, kind: 'system', job, next: APPROVED.id };
  return [decision, certificate, APPROVED, DENIED];
}
