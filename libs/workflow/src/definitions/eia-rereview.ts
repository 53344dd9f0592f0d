// Re-review of an EIA document (重新审核, EIA law art. 24 para. 2; 建设项目环境保护管理条例 art. 12): the document was
// approved more than five years before construction starts, and the approving authority answers in writing within
// 10 days whether the approval still stands (catalog HB-003-01). The EIA section reviews the original document
// against today's facts and a head decides: no technical assessment, no public notices, no countersign, and no new
// approval document (the original approval stays valid; the written opinion is the decision itself).
import type { WorkflowDefinition } from '../engine/definition';
import { APPROVED, DECISION, DENIED, review } from './building-blocks';

export const EIA_REREVIEW_KEY = 'eia_rereview';

/** Whether the routing facts of an accepted EIA case name a re-review: the EIA catalog's one `renewal` sub-item (HB-003-01). */
export function isEiaRereview(facts: Record<string, unknown>): boolean {
  return facts.kind === 'renewal';
}

export const EIA_REREVIEW: WorkflowDefinition = {
  key: EIA_REREVIEW_KEY,
  version: 1,
  start: 'review',
  steps: [
    // the section's "no" is advice to the decision, as in every licence (DOMAIN.md "Integrity")
    review('eia', DECISION, DECISION),
    { id: DECISION, kind: 'task', taskKind: 'decision', dept: 'approval', outcomes: { approve: APPROVED.id, reject: DENIED.id } },
    APPROVED,
    DENIED,
  ],
};
