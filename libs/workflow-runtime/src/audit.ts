import { createHash, createHmac, getHashes } from 'node:crypto';
import { DEV_AUDIT_KEY } from '@permits/config';

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

/** How an entry's hash was made: keyed (HMAC) ones verify; `sha256` marks an unkeyed entry from before keying. */
export type AuditAlg = 'hmac-sha256' | 'hmac-sm3' | 'sha256';
export const LEGACY_ALG: AuditAlg = 'sha256';

/**
 * The key of the audit chain, held outside the database (config): without it nobody who can write to the
 * database can make an edited entry verify again. `sm3` uses node:crypto's HMAC-SM3 (OpenSSL 3 builds).
 */
export class AuditKey {
  readonly alg: Exclude<AuditAlg, 'sha256'>;

  constructor(
    private readonly key: Buffer,
    algorithm: 'sha256' | 'sm3' = 'sha256',
  ) {
    if (key.length === 0) throw new Error('AUDIT_KEY must not be empty');
    if (algorithm === 'sm3' && !getHashes().includes('sm3')) {
      throw new Error('AUDIT_ALGORITHM=sm3: this Node.js/OpenSSL build has no SM3 (node -p "crypto.getHashes()" lists what it has)');
    }
    this.alg = algorithm === 'sm3' ? 'hmac-sm3' : 'hmac-sha256';
  }

  /** From the configuration; NODE_ENV=production refuses the development key. */
  static fromConfig(c: { AUDIT_KEY: string; AUDIT_ALGORITHM: 'sha256' | 'sm3'; NODE_ENV: string }): AuditKey {
    if (c.NODE_ENV === 'production' && c.AUDIT_KEY === DEV_AUDIT_KEY) throw new Error('AUDIT_KEY must be set to a real secret when NODE_ENV=production');
    return new AuditKey(Buffer.from(c.AUDIT_KEY, 'utf8'), c.AUDIT_ALGORITHM);
  }

  mac(alg: AuditAlg, ...parts: string[]): string {
    if (alg === 'sha256') throw new Error('an unkeyed hash is no MAC');
    const h = createHmac(alg === 'hmac-sm3' ? 'sm3' : 'sha256', this.key);
    for (const p of parts) h.update(p);
    return h.digest('hex');
  }
}

/**
 * hash = HMAC(key, prevHash | canonical(entry)) (or, for `sha256` entries written before the chain was
 * keyed, sha256 of the same): editing, reordering or deleting any entry breaks the chain, and without the
 * key a recomputed chain does not verify.
 */
export function auditHash(prevHash: string | null, entry: AuditFields, key: AuditKey | null, alg: AuditAlg = key?.alg ?? LEGACY_ALG): string {
  const { caseId, caseSeq, at, actor, action, payload } = entry; // exactly these fields, whatever else the row holds
  const body = canonical({ caseId, caseSeq, at, actor, action, payload });
  if (alg === LEGACY_ALG)
    return createHash('sha256')
      .update(prevHash ?? 'genesis')
      .update('|')
      .update(body)
      .digest('hex');
  if (!key) throw new Error('a keyed audit hash needs the key');
  return key.mac(alg, alg, '|', prevHash ?? 'genesis', '|', body);
}

export interface StoredAudit extends AuditFields {
  id: string;
  prevHash: string | null;
  hash: string;
  alg: AuditAlg;
}

/**
 * Checks one case's chain against the head its case row holds; returns the first broken entry's id. With
 * `allowLegacy` false (verification), an unkeyed entry is broken: only the re-key may still accept one.
 */
export function verifyChain(entries: StoredAudit[], head: string | null, count: number, key: AuditKey | null, allowLegacy = false): string | null {
  let prev: string | null = null;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const legacyRefused = e.alg === LEGACY_ALG && !allowLegacy;
    if (legacyRefused || e.caseSeq !== i + 1 || e.prevHash !== prev || auditHash(prev, e, key, e.alg) !== e.hash) return e.id;
    prev = e.hash;
  }
  if (entries.length !== count || prev !== head) return entries.length ? entries[entries.length - 1].id : `case:${entries[0]?.caseId ?? 'unknown'}`;
  return null;
}
