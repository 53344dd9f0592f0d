import { CheckRow } from '../entities';

/** A check as the API shows it (its case has the same id). */
export function checkView(c: CheckRow) {
  return {
    id: c.id,
    caseId: c.id,
    planId: c.planId,
    creditCode: c.creditCode,
    inspectors: c.inspectors,
    recordedBy: Object.keys(c.results ?? {}),
    offSite: c.offSite,
    status: c.status,
    dueDate: c.dueDate,
    createdAt: c.createdAt.toISOString(),
  };
}
