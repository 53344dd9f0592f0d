import type { AuditRecordSource } from '@permits/workflow-runtime';

/**
 * The permit register under audit, every column (AuditRecords.write after each change, in its transaction). A
 * column added to `permits` is covered once it is listed here: each entry records the columns its digest covers.
 */
export const PERMIT_AUDIT_RECORDS: AuditRecordSource[] = [
  {
    kind: 'permit',
    table: 'permits',
    key: 'permit_no',
    columns: [
      'permit_no',
      'application_id',
      'license_type',
      'credit_code',
      'holder_name',
      'management_category',
      'valid_from',
      'valid_to',
      'status',
      'deemed_renewal',
      'deemed_by',
      'details',
      'issued_at',
    ],
    instants: ['issued_at'],
  },
];
