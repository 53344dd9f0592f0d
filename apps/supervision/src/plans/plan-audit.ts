import type { AuditRecordSource } from '@permits/workflow-runtime';

/**
 * Supervision plans under audit, every column (AuditRecords.write after each change, in its transaction; a column
 * added to `plans` is covered once it is listed here). Checks and penalties are cases of their own (same id):
 * their every command is in their case's chain already.
 */
export const PLAN_AUDIT_RECORDS: AuditRecordSource[] = [
  {
    kind: 'plan',
    table: 'plans',
    key: 'id',
    columns: [
      'id',
      'name',
      'period',
      'seed',
      'seed_commitment',
      'seed_committed',
      'inputs_hash',
      'algorithm',
      'inputs',
      'counts',
      'result',
      'cancelled_at',
      'cancelled_by',
      'cancel_reason',
      'due_date',
      'drawn_by',
      'drawn_at',
    ],
    instants: ['drawn_at', 'cancelled_at'],
  },
];
