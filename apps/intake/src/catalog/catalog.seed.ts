import { DataSource } from 'typeorm';
import { rowValues } from '@permits/persistence';
import { loadCatalogFile } from './catalog-file';
import { CatalogItemRow, CatalogSubItemRow } from './catalog.entity';

/**
 * Upserts the catalog from the versioned data file, in one transaction: changing the file and restarting
 * updates the catalog; items no longer in the file are deactivated, never deleted (cases refer to them).
 */
export async function seedCatalog(db: DataSource, path?: string): Promise<{ version: string; items: number; subItems: number }> {
  const file = loadCatalogFile(path);
  let subItems = 0;
  await db.transaction(async (tx) => {
    await tx.createQueryBuilder().update(CatalogItemRow).set({ active: false }).execute();
    await tx.createQueryBuilder().update(CatalogSubItemRow).set({ active: false }).execute();
    for (const [i, item] of file.items.entries()) {
      await tx.getRepository(CatalogItemRow).upsert(
        {
          code: item.code,
          name: item.name,
          nameEn: item.nameEn ?? null,
          licenseType: item.licenseType,
          position: i,
          catalogVersion: file.version,
          active: true,
        },
        ['code'],
      );
      for (const [j, s] of item.subItems.entries()) {
        const { code, name, nameEn, kind, statutoryLimit, committedLimit, acceptanceLimit, fullyOnline, yellowWithinDays, materials, ...extra } = s;
        await tx.getRepository(CatalogSubItemRow).upsert(
          rowValues<CatalogSubItemRow>({
            code,
            itemCode: item.code,
            name,
            nameEn: nameEn ?? null,
            kind,
            statutoryLimit,
            committedLimit,
            acceptanceLimit,
            fullyOnline,
            yellowWithinDays: yellowWithinDays ?? 2,
            materials,
            extra: extra as Record<string, unknown>,
            position: i * 100 + j,
            active: true,
          }),
          ['code'],
        );
        subItems++;
      }
    }
  });
  return { version: file.version, items: file.items.length, subItems };
}
