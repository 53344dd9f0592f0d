import type { AuditRecordSource } from '@permits/workflow-runtime';

/**
 * Applications under audit: what the public decisions and reports publish (status, decision and filing
 * numbers, when decided). Every change of these columns writes AuditRecords.write in its transaction.
 */
export const APPLICATION_AUDIT_RECORDS: AuditRecordSource[] = [
  { kind: 'application', table: 'applications', key: 'id', columns: ['status', 'decision_no', 'filing_no', 'decided_at'], instants: ['decided_at'] },
];
