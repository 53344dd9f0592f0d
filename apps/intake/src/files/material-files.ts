import { EntityManager } from 'typeorm';
import { DomainError } from '@permits/core';

interface MaterialRef {
  code: string;
  fileName: string;
  sha256: string;
}

type Db = Pick<EntityManager, 'query'>;

/**
 * Of `hashes`, those the enterprise may use: files it uploaded itself, or that one of its applications
 * already refers to (e.g. documents a national EIA declaration brought). Whether another enterprise
 * uploaded a hash makes no difference.
 */
export async function filesOfEnterprise(db: Db, creditCode: string, hashes: readonly string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows: { sha256: string }[] = await db.query(
    `SELECT sha256 FROM file_uploads WHERE credit_code = $1 AND sha256 = ANY($2)
     UNION
     SELECT m->>'sha256' FROM applications a, jsonb_array_elements(a.materials) m WHERE a.credit_code = $1 AND m->>'sha256' = ANY($2)`,
    [creditCode, [...new Set(hashes)]],
  );
  return new Set(rows.map((r) => r.sha256));
}

/** The materials whose file this enterprise never uploaded (by hash), in the order given. */
export async function materialsWithoutFile(db: Db, creditCode: string, materials: readonly MaterialRef[]): Promise<MaterialRef[]> {
  if (materials.length === 0) return [];
  const have = await filesOfEnterprise(
    db,
    creditCode,
    materials.map((m) => m.sha256),
  );
  return materials.filter((m) => !have.has(m.sha256));
}

/**
 * Refuses (400, naming each material) an application or supplement that refers to a file this enterprise
 * never uploaded through POST /api/v1/files (another enterprise's upload counts as never uploaded).
 * Called before the command's transaction.
 *
 * Bypass: applications created from national EIA declarations carry hashes of documents held by the
 * national system, not uploaded here; their creator skips this check (SubmitApplication's
 * `filesHeldElsewhere` option) instead of calling it.
 */
export async function requireUploadedFiles(db: Db, creditCode: string, materials: readonly MaterialRef[]): Promise<void> {
  const missing = await materialsWithoutFile(db, creditCode, materials);
  if (missing.length) {
    throw new DomainError(
      'VALIDATION_FAILED',
      missing.map(
        (m) => `materials: ${m.code} (${m.fileName}) refers to file ${m.sha256}, which this enterprise never uploaded; upload it with POST /api/v1/files first`,
      ),
    );
  }
}
