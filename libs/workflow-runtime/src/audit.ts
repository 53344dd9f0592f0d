import { createHash } from 'node:crypto';

/** Canonical JSON: keys sorted, so the same entry always hashes the same. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

export interface AuditFields {
  caseId: string;
  caseSeq: number;
  at: string;
  actor: string;
  action: string;
  payload: Record<string, unknown>;
}

/** hash = sha256(prevHash | canonical(entry)): editing, reordering or deleting any entry breaks the chain. */
export function auditHash(prevHash: string | null, entry: AuditFields): string {
  const { caseId, caseSeq, at, actor, action, payload } = entry; // exactly these fields, whatever else the row holds
  return createHash('sha256')
    .update(prevHash ?? 'genesis')
    .update('|')
    .update(canonical({ caseId, caseSeq, at, actor, action, payload }))
    .digest('hex');
}

export interface StoredAudit extends AuditFields {
  id: string;
  prevHash: string | null;
  hash: string;
}

/** Checks one case's chain against the head its case row holds; returns the first broken entry's id. */
export function verifyChain(entries: StoredAudit[], head: string | null, count: number): string | null {
  let prev: string | null = null;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.caseSeq !== i + 1 || e.prevHash !== prev || auditHash(prev, e) !== e.hash) return e.id;
    prev = e.hash;
  }
  if (entries.length !== count || prev !== head) return entries.length ? entries[entries.length - 1].id : `case:${entries[0]?.caseId ?? 'unknown'}`;
  return null;
}
