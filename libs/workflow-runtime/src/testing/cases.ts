// Test data for the runtime's integration tests (never imported by production code).
import { newClock, startClock } from '@permits/workflow/clock';
import { definitionFor } from '@permits/workflow/definitions';
import type { CaseHeader } from '../case-runtime';

/**
 * A radiation safety licence (sub-item HB-010-01) handed over on 2026-09-29 with its clock running: 20 working
 * days statutory, 10 committed, yellow 2 days before the deadline. `overrides` changes any part of it.
 */
export function aRadiationCase(caseId: string, overrides: Partial<CaseHeader> = {}): CaseHeader {
  return {
    caseId,
    definition: definitionFor('radiation_safety')!,
    licenseType: 'radiation_safety',
    subItemCode: 'HB-010-01',
    applicantCreditCode: '91350100M000100Y43',
    applicantUserId: 'ent-1',
    data: {},
    clock: startClock(newClock({ days: 20, unit: 'working' }, { days: 10, unit: 'working' }), '2026-09-29'),
    yellowWithinDays: 2,
    ...overrides,
  };
}
