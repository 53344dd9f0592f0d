/** One CSV field (RFC 4180); a leading =, +, - or @ is defused so a spreadsheet never runs it as a formula. */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

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
  const lines = [AUDIT_CSV_COLUMNS.join(',')];
  for (const e of entries) lines.push(AUDIT_CSV_COLUMNS.map((c) => csvField(e[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
