import { toCsv } from '@permits/core';

export interface AuditCsvEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  payload: unknown;
  prevHash: string | null;
  hash: string;
}

export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'actor', 'action', 'payload', 'prevHash', 'hash'] as const;

/** A case's audit entries as CSV: a header line, then one line per entry in order (payload as JSON). */
export function auditCsv(entries: AuditCsvEntry[]): string {
  return toCsv([AUDIT_CSV_COLUMNS, ...entries.map((e) => AUDIT_CSV_COLUMNS.map((c) => e[c]))]);
}
