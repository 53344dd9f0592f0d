import { shanghaiDate } from '@permits/workflow/calendar';
import { PenaltyRow } from '../entities';

/** A penalty as the API shows it; the enterprise sees the proposal once it has been told of it. */
export function penaltyView(p: PenaltyRow, staff: boolean) {
  const told = p.statementDue !== null;
  return {
    id: p.id,
    caseId: p.id,
    source: p.source,
    checkId: p.checkId,
    alarmId: p.alarmId,
    creditCode: p.creditCode,
    enterpriseName: p.enterpriseName,
    status: p.status,
    facts: staff || told ? p.facts : null,
    legalBasis: staff || told ? p.legalBasis : null,
    sanction: staff || told ? p.sanction : null,
    statementDue: p.statementDue,
    hearingDue: p.hearingDue,
    hearingRequested: p.hearingRequested,
    statements: p.statements ?? [],
    decisionNo: p.decisionNo,
    decidedOn: p.decidedOn,
    publishBy: p.publishBy,
    publishedOn: p.publishedAt ? shanghaiDate(p.publishedAt) : null,
    publishedAt: p.publishedAt?.toISOString() ?? null,
    publishedOnTime: p.publishedAt && p.publishBy ? shanghaiDate(p.publishedAt) <= p.publishBy : null,
    ...(staff ? { investigators: p.investigators, decidedBy: p.decidedBy } : {}),
  };
}

/** What the public reads of a published penalty decision (API.md "Public information"). */
export function publicPenaltyView(p: PenaltyRow) {
  return {
    enterpriseName: p.enterpriseName ?? p.creditCode,
    creditCode: p.creditCode,
    facts: p.facts,
    legalBasis: p.legalBasis,
    sanction: p.sanction,
    decisionNo: p.decisionNo,
    decidedOn: p.decidedOn,
    publishedOn: p.publishedAt ? shanghaiDate(p.publishedAt) : null,
  };
}
