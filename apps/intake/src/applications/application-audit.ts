import type { AuditRecordSource } from '@permits/workflow-runtime';

/**
 * Applications under audit: what the public decisions and reports publish (status, decision and filing
 * numbers, when decided). Every change of these columns writes AuditRecords.write in its transaction.
 */
export const APPLICATION_AUDIT_RECORDS: AuditRecordSource[] = [
  { kind: 'application', table: 'applications', key: 'id', columns: ['status', 'decision_no', 'filing_no', 'decided_at'], instants: ['decided_at'] },
  // the ratings the report publishes (好差评), one per application, written once
  { kind: 'rating', table: 'ratings', key: 'application_id', columns: ['score', 'comment', 'rated_at'], instants: ['rated_at'] },
  // cases the bureau records as handled outside the system: they count against the single-window rate
  { kind: 'handled_outside', table: 'handled_outside', key: 'id', columns: ['sub_item_code', 'received_on', 'count', 'reason'], instants: [] },
];
