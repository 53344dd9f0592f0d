import type { AuditRecordSource } from '@permits/workflow-runtime';

/** The permit register under audit: every row, whole (AuditRecords.write after each change, in its transaction). */
export const PERMIT_AUDIT_RECORDS: AuditRecordSource[] = [{ kind: 'permit', table: 'permits', key: 'permit_no', instants: ['issued_at'] }];
