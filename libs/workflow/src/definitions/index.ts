// The default definitions: the shared acceptance flow and one definition per licence type.
import type { LicenseType } from '@permits/contracts/enums';
import type { WorkflowDefinition } from '../engine/definition';
import { ACCEPTANCE } from './acceptance';
import { DISCHARGE_PERMIT, DISCHARGE_PERMIT_V1 } from './discharge-permit';
import { EIA_APPROVAL, EIA_APPROVAL_V1 } from './eia-approval';
import { EIA_CATEGORY_CHECK } from './eia-category-check';
import { EIA_REREVIEW, isEiaRereview } from './eia-rereview';
import { FILING_REVIEW_DEPTS, FILING_REVIEWS, FILING_REVIEWS_V1, filingReviewKey, type FilingReviewDept } from './filing-review';
import {
  FACILITY_DISMANTLE,
  FACILITY_DISMANTLE_V1,
  HAZARDOUS_WASTE,
  HAZARDOUS_WASTE_V1,
  RADIATION_SAFETY,
  RADIATION_SAFETY_V1,
  WEEE_PROCESSING,
  WEEE_PROCESSING_V1,
} from './standard-licences';
import { RATING_FOLLOW_UP } from './rating-follow-up';
import { ALARM_VERIFICATION, SUPERVISION_CHECK, SUPERVISION_CHECK_V2, SUPERVISION_PENALTY, SUPERVISION_PENALTY_V2 } from './supervision';

export { EIA_REREVIEW, EIA_REREVIEW_KEY, isEiaRereview } from './eia-rereview';
export { CATEGORY_CONFIRMED_FILED, EIA_CATEGORY_CHECK, EIA_CATEGORY_CHECK_KEY } from './eia-category-check';
export { ACCEPTANCE, DISCHARGE_PERMIT, EIA_APPROVAL, FACILITY_DISMANTLE, HAZARDOUS_WASTE, RADIATION_SAFETY, WEEE_PROCESSING };
export { RATING_FOLLOW_UP };
export { ALARM_VERIFICATION, SUPERVISION_CHECK, SUPERVISION_CHECK_V2, SUPERVISION_PENALTY, SUPERVISION_PENALTY_V2 };
export { SYSTEM_JOBS, type SystemJob } from './jobs';
export { FILING_REVIEW_DEPTS, FILING_REVIEWS, filingReviewKey, type FilingReviewDept };
export {
  diagramGraph,
  mermaidDiagram,
  mermaidOfGraph,
  DIAGRAM_START,
  type DiagramEdge,
  type DiagramGraph,
  type DiagramMarks,
  type DiagramNode,
} from './diagram';

/** The definitions in force (new cases start on them), frozen, deeply: a definition is shared by every case that runs on it. */
export const DEFAULT_DEFINITIONS: readonly WorkflowDefinition[] = deepFreeze([
  ACCEPTANCE,
  EIA_CATEGORY_CHECK,
  EIA_APPROVAL,
  EIA_REREVIEW,
  DISCHARGE_PERMIT,
  HAZARDOUS_WASTE,
  RADIATION_SAFETY,
  WEEE_PROCESSING,
  FACILITY_DISMANTLE,
  ...FILING_REVIEWS,
  ALARM_VERIFICATION,
  SUPERVISION_CHECK_V2,
  SUPERVISION_PENALTY_V2,
  RATING_FOLLOW_UP,
]);

/**
 * Versions no new case starts on, kept so that a case started on one still loads (its state names key and
 * version) until the upgrade moves it (DEFINITION_UPGRADES), and so its history and diagram stay readable.
 */
export const SUPERSEDED_DEFINITIONS: readonly WorkflowDefinition[] = deepFreeze([
  EIA_APPROVAL_V1,
  DISCHARGE_PERMIT_V1,
  HAZARDOUS_WASTE_V1,
  RADIATION_SAFETY_V1,
  WEEE_PROCESSING_V1,
  FACILITY_DISMANTLE_V1,
  ...FILING_REVIEWS_V1,
  // supervision's first versions: open checks move onto v2 by supervision's own worker (CheckUpgrade), open
  // penalty cases finish on v1
  SUPERVISION_CHECK,
  SUPERVISION_PENALTY,
]);

/** A move of running cases from a superseded version to the one in force (run by each worker at start). */
export interface DefinitionUpgrade {
  from: WorkflowDefinition;
  to: WorkflowDefinition;
  /** Old step id → new step id, for the engine's Migrate; a step id both have maps to itself. */
  stepMapping: Record<string, string>;
  why: string;
}

/**
 * Version 2 of every licence and filing review: a section's "no" (review, technical assessment, countersign) is
 * advice to the decision, which only a head completes (DOMAIN.md "Integrity"). The step ids are the same, so every
 * step maps to itself: an open task stays open with its holder, a countersign keeps its signers and votes, a
 * notice or a job keeps its timer (engine Migrate). What changes is where a reject leads from now on.
 */
export const DEFINITION_UPGRADES: readonly DefinitionUpgrade[] = SUPERSEDED_DEFINITIONS.filter((from) => !from.key.startsWith('supervision_')).map((from) => {
  const to = DEFAULT_DEFINITIONS.find((d) => d.key === from.key)!;
  return { from, to, stepMapping: {}, why: 'a section reject is advice to the decision (DOMAIN.md Integrity)' };
});

/** The licence definition run after acceptance; `other` has none (undefined). */
export function definitionFor(licenseType: LicenseType): WorkflowDefinition | undefined {
  return DEFAULT_DEFINITIONS.find((d) => d.licenseType === licenseType);
}

/**
 * The definition an accepted case runs on, from the routing facts of its case data (catalog and register, never
 * the applicant): a filing with a limit is reviewed by the section its sub-item names; an EIA re-review (the EIA
 * catalog's renewal sub-item, HB-003-01) runs its own short definition; anything else runs its licence's
 * definition. Chosen when a case starts only: a running case keeps the key and version it started on. undefined when there is none: the caller must fail loudly, never drop the case.
 */
export function definitionForCase(licenseType: LicenseType, facts: Record<string, unknown>): WorkflowDefinition | undefined {
  if (facts.kind === 'filing') {
    const dept = facts.filingReviewDept;
    return FILING_REVIEW_DEPTS.includes(dept as FilingReviewDept)
      ? DEFAULT_DEFINITIONS.find((d) => d.key === filingReviewKey(dept as FilingReviewDept))
      : undefined;
  }
  if (licenseType === 'eia_approval' && isEiaRereview(facts)) return EIA_REREVIEW;
  return definitionFor(licenseType);
}

/** A definition by key and version (the pair stored on every case), in force or superseded. */
export function findDefinition(key: string, version: number): WorkflowDefinition | undefined {
  return DEFAULT_DEFINITIONS.find((d) => d.key === key && d.version === version) ?? SUPERSEDED_DEFINITIONS.find((d) => d.key === key && d.version === version);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
