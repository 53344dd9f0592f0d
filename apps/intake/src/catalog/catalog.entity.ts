import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LicenseType, Limit, SubItemKind } from '@permits/contracts/enums';

export interface MaterialSpec {
  code: string;
  name: string;
  required: boolean;
  legalBasis: string;
}

/** A service item of the bureau's catalog, seeded from the versioned data file. */
@Entity({ name: 'catalog_items' })
export class CatalogItemRow {
  @PrimaryColumn('text') code: string;
  @Column('text') name: string;
  @Column('text', { name: 'name_en', nullable: true }) nameEn: string | null;
  @Column('text', { name: 'license_type' }) licenseType: LicenseType;
  @Column('integer') position: number;
  @Column('text', { name: 'catalog_version' }) catalogVersion: string;
  @Column('boolean', { default: true }) active: boolean;
}

@Entity({ name: 'catalog_sub_items' })
export class CatalogSubItemRow {
  @PrimaryColumn('text') code: string;
  @Column('text', { name: 'item_code' }) itemCode: string;
  @Column('text') name: string;
  @Column('text', { name: 'name_en', nullable: true }) nameEn: string | null;
  @Column('text') kind: SubItemKind;
  @Column('jsonb', { name: 'statutory_limit' }) statutoryLimit: Limit;
  @Column('jsonb', { name: 'committed_limit' }) committedLimit: Limit;
  @Column('jsonb', { name: 'acceptance_limit' }) acceptanceLimit: Limit;
  @Column('boolean', { name: 'fully_online' }) fullyOnline: boolean;
  @Column('integer', { name: 'yellow_within_days', default: 2 }) yellowWithinDays: number;
  @Column('jsonb') materials: MaterialSpec[];
  /** The rest of the sub-item as the file gives it (e.g. an on-site-check limit). */
  @Column('jsonb', { default: {} }) extra: Record<string, unknown>;
  @Column('integer') position: number;
  @Column('boolean', { default: true }) active: boolean;
}
