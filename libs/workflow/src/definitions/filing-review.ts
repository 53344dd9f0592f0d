// Filings that have a limit of their own (kind 'filing', limit > 0: a hazardous-waste management plan, an
// emergency response plan, the acceptance of automatic monitoring facilities): the section concerned checks
// the filing and records it, or refuses it with reasons. No countersign, no certificate, no register entry.
import type { Dept } from '@permits/contracts/enums';
import type { WorkflowDefinition } from '../engine/definition';
import { APPROVED, DENIED } from './building-blocks';

/** The sections that review filings (the catalog names one per filing sub-item as `filingReviewDept`). */
export const FILING_REVIEW_DEPTS = ['solid_waste', 'pollution', 'monitoring'] as const satisfies readonly Dept[];
export type FilingReviewDept = (typeof FILING_REVIEW_DEPTS)[number];

export const filingReviewKey = (dept: FilingReviewDept): string => `filing_review.${dept}`;

function filingReview(dept: FilingReviewDept): WorkflowDefinition {
  return {
    key: filingReviewKey(dept),
    version: 1,
    start: 'review',
    steps: [{ id: 'review', kind: 'task', taskKind: 'review', dept, outcomes: { approve: APPROVED.id, reject: DENIED.id } }, APPROVED, DENIED],
  };
}

export const FILING_REVIEWS: readonly WorkflowDefinition[] = FILING_REVIEW_DEPTS.map(filingReview);
