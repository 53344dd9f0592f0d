// The case data a licence's workflow runs on: the only input its gateways read. Built here, field by field, from
// the catalog sub-item (routing facts) and the applicant's project (description only), so no field an applicant
// sends can become a routing fact: the project is never spread into it.
import type { SubItemWithItem } from '../catalog/catalog.service';
import type { ApplicationRow } from '../applications/application.entity';

/** Routing facts a catalog sub-item may carry (catalog-file.ts validates them); nothing else from `sub.extra`. */
export const ROUTING_FACTS = ['managementCategory', 'eiaCategory', 'validityYears', 'onSiteCheckLimit', 'filingReviewDept', 'extendable'] as const;

/** What of the applicant's project the owning service needs to do its work (the register's acts), never routing. */
export const PROJECT_DESCRIPTION = ['name', 'code', 'industryCode', 'location', 'investment', 'permitNo', 'changes'] as const;

const pick = (from: Record<string, unknown> | null | undefined, keys: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(keys.filter((k) => from?.[k] !== undefined).map((k) => [k, from![k]]));

export function caseData(
  app: Pick<ApplicationRow, 'subItemCode' | 'channel' | 'project'>,
  sub: Pick<SubItemWithItem, 'kind' | 'extra'>,
  deemedAccepted: boolean,
): Record<string, unknown> {
  return {
    ...pick(app.project, PROJECT_DESCRIPTION),
    subItemCode: app.subItemCode,
    kind: sub.kind,
    // the owning service pushes status changes of national-eia cases to the national system
    channel: app.channel,
    ...pick(sub.extra, ROUTING_FACTS),
    ...(deemedAccepted ? { deemedAccepted: true } : {}),
  };
}
