import type { AuditRecordSource } from '@permits/workflow-runtime';

/**
 * Supervision plans under audit, whole rows (AuditRecords.write after each change, in its transaction). Checks and
 * penalties are cases of their own (same id): their every command is in their case's chain already.
 */
export const PLAN_AUDIT_RECORDS: AuditRecordSource[] = [{ kind: 'plan', table: 'plans', key: 'id', instants: ['drawn_at'] }];
