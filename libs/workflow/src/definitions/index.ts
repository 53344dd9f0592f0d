// The default definitions: the shared acceptance flow and one definition per licence type.
import type { LicenseType } from '@permits/contracts/enums';
import type { WorkflowDefinition } from '../engine/definition';
import { ACCEPTANCE } from './acceptance';
import { DISCHARGE_PERMIT } from './discharge-permit';
import { EIA_APPROVAL } from './eia-approval';
import { FILING_REVIEW_DEPTS, FILING_REVIEWS, filingReviewKey, type FilingReviewDept } from './filing-review';
import { FACILITY_DISMANTLE, HAZARDOUS_WASTE, RADIATION_SAFETY, WEEE_PROCESSING } from './standard-licences';
import { ALARM_VERIFICATION, SUPERVISION_CHECK, SUPERVISION_CHECK_V2, SUPERVISION_PENALTY, SUPERVISION_PENALTY_V2 } from './supervision';

export { ACCEPTANCE, DISCHARGE_PERMIT, EIA_APPROVAL, FACILITY_DISMANTLE, HAZARDOUS_WASTE, RADIATION_SAFETY, WEEE_PROCESSING };
export { ALARM_VERIFICATION, SUPERVISION_CHECK, SUPERVISION_CHECK_V2, SUPERVISION_PENALTY, SUPERVISION_PENALTY_V2 };
export { SYSTEM_JOBS, type SystemJob } from './jobs';
export { FILING_REVIEW_DEPTS, FILING_REVIEWS, filingReviewKey, type FilingReviewDept };
export { mermaidDiagram, type DiagramMarks } from './diagram';

/** Frozen, deeply: a definition is shared by every case that runs on it. */
export const DEFAULT_DEFINITIONS: readonly WorkflowDefinition[] = deepFreeze([
  ACCEPTANCE,
  EIA_APPROVAL,
  DISCHARGE_PERMIT,
  HAZARDOUS_WASTE,
  RADIATION_SAFETY,
  WEEE_PROCESSING,
  FACILITY_DISMANTLE,
  ...FILING_REVIEWS,
  SUPERVISION_CHECK,
  SUPERVISION_PENALTY,
  ALARM_VERIFICATION,
  SUPERVISION_CHECK_V2,
  SUPERVISION_PENALTY_V2,
]);

/** The licence definition run after acceptance; `other` has none (undefined). */
export function definitionFor(licenseType: LicenseType): WorkflowDefinition | undefined {
  return DEFAULT_DEFINITIONS.find((d) => d.licenseType === licenseType);
}

/**
 * The definition an accepted case runs on, from the routing facts of its case data (catalog and register, never
 * the applicant): a filing with a limit is reviewed by the section its sub-item names; anything else runs its
 * licence's definition. undefined when there is none: the caller must fail loudly, never drop the case.
 */
export function definitionForCase(licenseType: LicenseType, facts: Record<string, unknown>): WorkflowDefinition | undefined {
  if (facts.kind === 'filing') {
    const dept = facts.filingReviewDept;
    return FILING_REVIEW_DEPTS.includes(dept as FilingReviewDept) ? findDefinition(filingReviewKey(dept as FilingReviewDept), 1) : undefined;
  }
  return definitionFor(licenseType);
}

/** A default definition by key and version (the pair stored on every case). */
export function findDefinition(key: string, version: number): WorkflowDefinition | undefined {
  return DEFAULT_DEFINITIONS.find((d) => d.key === key && d.version === version);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
