import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { LicenseType, ManagementCategory } from '@permits/contracts/enums';

export type PermitStatus = 'valid' | 'expiring' | 'expired' | 'revoked' | 'cancelled';

/** The register of what the bureau granted: permits, registrations and the other licences' certificates. */
@Entity({ name: 'permits' })
@Index('permits_by_holder', ['creditCode', 'issuedAt'])
@Index('permits_by_case', ['applicationId'])
export class PermitRow {
  @PrimaryColumn('text', { name: 'permit_no' }) permitNo: string;
  @Column('text', { name: 'application_id' }) applicationId: string;
  @Column('text', { name: 'license_type' }) licenseType: LicenseType;
  @Column('text', { name: 'credit_code' }) creditCode: string;
  @Column('text', { name: 'holder_name' }) holderName: string;
  @Column('text', { name: 'management_category', nullable: true }) managementCategory: ManagementCategory | null;
  @Column('date', { name: 'valid_from' }) validFrom: string;
  /** The last valid day; null for a grant with no validity period (a WEEE qualification, a dismantling approval). */
  @Column('date', { name: 'valid_to', nullable: true }) validTo: string | null;
  @Column('text') status: PermitStatus;
  /**
   * Renewed by operation of law (Administrative License Law art. 50): a renewal filed in time was still undecided
   * when the permit reached its end; `deemedBy` is that renewal's case, whose decision confirms it.
   */
  @Column('boolean', { name: 'deemed_renewal', default: false }) deemedRenewal: boolean;
  @Column('text', { name: 'deemed_by', nullable: true }) deemedBy: string | null;
  /** What the permit says about its holder (address, legal representative, …); a change sub-item edits it. */
  @Column('jsonb', { default: {} }) details: Record<string, unknown>;
  @CreateDateColumn({ name: 'issued_at', type: 'timestamptz' }) issuedAt: Date;
}

export type PermitAction = 'issued' | 'renewed' | 'deemed_renewed' | 'changed' | 'cancelled' | 'expiring' | 'expired' | 'revoked';

/** Every change of a permit, append-only: what happened, on which case, with what before and after. */
@Entity({ name: 'permit_events' })
@Index('permit_events_by_permit', ['permitNo', 'id'])
export class PermitEventRow {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('text', { name: 'permit_no' }) permitNo: string;
  @Column('text') action: PermitAction;
  @Column('text', { name: 'application_id', nullable: true }) applicationId: string | null;
  @Column('jsonb', { default: {} }) detail: Record<string, unknown>;
  @Column('timestamptz') at: Date;
}

/** One counter per number series and year: numbers are unique, gap-free within a transaction's commit. */
@Entity({ name: 'permit_number_series' })
export class PermitSeriesRow {
  @PrimaryColumn('text') series: string;
  @PrimaryColumn('integer') year: number;
  @Column('integer', { name: 'last_value' }) lastValue: number;
}
