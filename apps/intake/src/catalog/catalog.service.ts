import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CatalogItemRow, CatalogSubItemRow } from './catalog.entity';
import { DomainError } from '@permits/core';

export interface SubItemWithItem extends CatalogSubItemRow {
  licenseType: CatalogItemRow['licenseType'];
}

interface Snapshot {
  items: CatalogItemRow[];
  subItems: Map<string, SubItemWithItem>;
}

/**
 * The catalog, read once when the process starts: it changes only when the data file is seeded, which
 * happens before the services start (`npm start`, the compose `migrate` step). Reading it from memory
 * also keeps command transactions from asking the pool for a second connection (with every connection
 * held by a transaction waiting for another, the pool would deadlock).
 */
@Injectable()
export class CatalogService implements OnModuleInit {
  private snapshot?: Snapshot;

  constructor(private readonly db: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.load();
  }

  async load(): Promise<void> {
    const [items, subs] = await Promise.all([
      this.db.getRepository(CatalogItemRow).find({ where: { active: true }, order: { position: 'ASC' } }),
      this.db.getRepository(CatalogSubItemRow).find({ where: { active: true }, order: { position: 'ASC' } }),
    ]);
    const licence = new Map(items.map((i) => [i.code, i.licenseType]));
    const subItems = new Map(subs.filter((s) => licence.has(s.itemCode)).map((s) => [s.code, Object.assign(s, { licenseType: licence.get(s.itemCode)! })]));
    this.snapshot = { items, subItems };
  }

  private async current(): Promise<Snapshot> {
    if (!this.snapshot) await this.load();
    return this.snapshot!;
  }

  async items() {
    const { items, subItems } = await this.current();
    const subs = [...subItems.values()];
    return items.map((i) => ({
      code: i.code,
      name: i.name,
      nameEn: i.nameEn,
      licenseType: i.licenseType,
      subItems: subs
        .filter((s) => s.itemCode === i.code)
        .map((s) => ({
          code: s.code,
          name: s.name,
          nameEn: s.nameEn,
          kind: s.kind,
          statutoryLimit: s.statutoryLimit,
          committedLimit: s.committedLimit,
          acceptanceLimit: s.acceptanceLimit,
          fullyOnline: s.fullyOnline,
          materials: s.materials,
          ...s.extra,
        })),
    }));
  }

  /** The active sub-item with its licence type; a 400 names the field when it is unknown. */
  async subItem(code: string): Promise<SubItemWithItem> {
    const sub = (await this.current()).subItems.get(code);
    if (!sub) throw new DomainError('INVALID_INPUT', `subItemCode ${code} is not in the catalog`);
    return sub;
  }
}
