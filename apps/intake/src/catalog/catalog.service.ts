import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@permits/http';
import { CatalogItemRow, CatalogSubItemRow } from './catalog.entity';

export interface SubItemWithItem extends CatalogSubItemRow {
  licenseType: CatalogItemRow['licenseType'];
}

@Injectable()
export class CatalogService {
  constructor(private readonly db: DataSource) {}

  async items() {
    const [items, subs] = await Promise.all([
      this.db.getRepository(CatalogItemRow).find({ where: { active: true }, order: { position: 'ASC' } }),
      this.db.getRepository(CatalogSubItemRow).find({ where: { active: true }, order: { position: 'ASC' } }),
    ]);
    return items.map((i) => ({
      code: i.code,
      name: i.name,
      nameEn: i.nameEn,
      licenseType: i.licenseType,
      subItems: subs
        .filter((s) => s.itemCode === i.code)
        .map((s) => ({ code: s.code, name: s.name, nameEn: s.nameEn, kind: s.kind, statutoryLimit: s.statutoryLimit, committedLimit: s.committedLimit, acceptanceLimit: s.acceptanceLimit, fullyOnline: s.fullyOnline, materials: s.materials, ...s.extra })),
    }));
  }

  /** The active sub-item with its licence type; a 400 names the field when it is unknown. */
  async subItem(code: string): Promise<SubItemWithItem> {
    const sub = await this.db.getRepository(CatalogSubItemRow).findOne({ where: { code, active: true } });
    const item = sub && (await this.db.getRepository(CatalogItemRow).findOne({ where: { code: sub.itemCode } }));
    if (!sub || !item) throw new DomainError('INVALID_INPUT', `subItemCode ${code} is not in the catalog`);
    return Object.assign(sub, { licenseType: item.licenseType });
  }
}
