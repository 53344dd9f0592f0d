import { BadRequestException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FileRow } from './file.entity';

interface MaterialRef {
  code: string;
  fileName: string;
  sha256: string;
}

/** The materials whose file was never uploaded (by hash), in the order given. */
export async function materialsWithoutFile(db: Pick<EntityManager, 'getRepository'>, materials: readonly MaterialRef[]): Promise<MaterialRef[]> {
  if (materials.length === 0) return [];
  const hashes = [...new Set(materials.map((m) => m.sha256))];
  const known = await db.getRepository(FileRow).createQueryBuilder('f').select('f.sha256', 'sha256').where('f.sha256 IN (:...hashes)', { hashes }).getRawMany<{ sha256: string }>();
  const have = new Set(known.map((r) => r.sha256));
  return materials.filter((m) => !have.has(m.sha256));
}

/**
 * Refuses (400, naming each material) an application or supplement that refers to a file never uploaded
 * through POST /api/v1/files. Called before the command's transaction.
 *
 * Bypass: applications created from national EIA declarations carry hashes of documents held by the
 * national system, not uploaded here; their creator skips this check (SubmitApplication's
 * `filesHeldElsewhere` option) instead of calling it.
 */
export async function requireUploadedFiles(db: Pick<EntityManager, 'getRepository'>, materials: readonly MaterialRef[]): Promise<void> {
  const missing = await materialsWithoutFile(db, materials);
  if (missing.length) {
    throw new BadRequestException(missing.map((m) => `materials: ${m.code} (${m.fileName}) refers to file ${m.sha256}, which was never uploaded; upload it with POST /api/v1/files first`));
  }
}
