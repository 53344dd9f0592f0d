// Filings that have a limit of their own (kind 'filing', limit > 0: a hazardous-waste management plan, an
// emergency response plan, the acceptance of automatic monitoring facilities): the section concerned checks
// the filing and records it, or refuses it with reasons. No countersign, no certificate, no register entry.
//
// Version 2: the reviewing officer's "no" is advice like a licence review's (DOMAIN.md "Integrity": a decision is
// a head's). Recording a complete filing needs no decision (it grants nothing); a refusal does: the reviewer's
// reject goes to a `decision` task of the same section, completed by a head of it (the duty policy: a decision
// task is a head's, and not the reviewer's), who records the filing after all or refuses it with the written
// reasons the applicant reads.
import type { Dept } from '@permits/contracts/enums';
import type { WorkflowDefinition } from '../engine/definition';
import { APPROVED, DECISION, DENIED } from './building-blocks';

/** The sections that review filings (the catalog names one per filing sub-item as `filingReviewDept`). */
export const FILING_REVIEW_DEPTS = ['solid_waste', 'pollution', 'monitoring'] as const satisfies readonly Dept[];
export type FilingReviewDept = (typeof FILING_REVIEW_DEPTS)[number];

export const filingReviewKey = (dept: FilingReviewDept): string => `filing_review.${dept}`;

function filingReview(dept: FilingReviewDept, version: 1 | 2): WorkflowDefinition {
  if (version === 1) {
    return {
      key: filingReviewKey(dept),
      version,
      start: 'review',
      steps: [{ id: 'review', kind: 'task', taskKind: 'review', dept, outcomes: { approve: APPROVED.id, reject: DENIED.id } }, APPROVED, DENIED],
    };
  }
  return {
    key: filingReviewKey(dept),
    version,
    start: 'review',
    steps: [
      { id: 'review', kind: 'task', taskKind: 'review', dept, outcomes: { approve: APPROVED.id, reject: DECISION } },
      { id: DECISION, kind: 'task', taskKind: 'decision', dept, outcomes: { approve: APPROVED.id, reject: DENIED.id } },
      APPROVED,
      DENIED,
    ],
  };
}

/** Version 1, kept so that the cases started on it load (they are moved to v2: see definition-upgrades). */
export const FILING_REVIEWS_V1: readonly WorkflowDefinition[] = FILING_REVIEW_DEPTS.map((d) => filingReview(d, 1));
export const FILING_REVIEWS: readonly WorkflowDefinition[] = FILING_REVIEW_DEPTS.map((d) => filingReview(d, 2));
