import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ApplicationStatus, LicenseType } from '@permits/contracts/enums';
import type { ServiceName } from '@permits/config';

export interface MaterialRef {
  code: string;
  fileName: string;
  sha256: string;
  /** Set when the file is held by another system, not our file store ('national-eia': a declared document). */
  heldBy?: string;
}

/** The applicant's record of an application: what was filed, where the case is, its latest status. */
@Entity({ name: 'applications' })
@Index('applications_by_applicant', ['creditCode', 'createdAt', 'id'])
@Index('applications_by_created', ['createdAt', 'id'])
@Index('applications_by_decided', ['decidedAt'], { where: 'decided_at IS NOT NULL' })
// trigram search over project name and code, applicant name and credit code (Chinese included):
// an expression GIN index the migration creates with pg_trgm (TypeORM cannot declare it)
@Index('applications_search', { synchronize: false })
// a whole project code typed as `q`: a partial B-tree on (project->>'code', created_at, id) the migration builds concurrently
@Index('applications_by_project_code', { synchronize: false })
// which applications refer to a file (materials @> [{ sha256 }]): a GIN index (jsonb_path_ops) the migration creates
@Index('applications_materials', { synchronize: false })
@Index('applications_idempotency', ['creditCode', 'idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
export class ApplicationRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'credit_code' }) creditCode: string;
  @Column('text', { name: 'applicant_name' }) applicantName: string;
  @Column('text', { name: 'applicant_user_id' }) applicantUserId: string;
  @Column('text', { name: 'sub_item_code' }) subItemCode: string;
  @Column('text', { name: 'license_type' }) licenseType: LicenseType;
  @Column('jsonb') project: Record<string, unknown>;
  @Column('jsonb') materials: MaterialRef[];
  @Column('text') status: ApplicationStatus;
  /** The service that holds the case now: intake until acceptance, then the licence's service. */
  @Column('text') owner: ServiceName;
  /** 'portal' or 'national-eia' */
  @Column('text', { default: 'portal' }) channel: string;
  @Column('text', { name: 'idempotency_key', nullable: true }) idempotencyKey: string | null;
  @Column('text', { nullable: true }) fingerprint: string | null;
  @Column('date', { name: 'received_on' }) receivedOn: string;
  @Column('date', { name: 'accepted_on', nullable: true }) acceptedOn: string | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('integer', { name: 'elapsed_days', nullable: true }) elapsedDays: number | null;
  @Column('integer', { name: 'days_saved', nullable: true }) daysSaved: number | null;
  @Column('boolean', { name: 'within_committed', nullable: true }) withinCommitted: boolean | null;
  /** The counted days up to the committed deadline in force on the decision day (moved off rest days, out by pauses). */
  @Column('integer', { name: 'committed_days_in_force', nullable: true }) committedDaysInForce: number | null;
  /** A filing answered at once (limit 0): its filing number (a discharge registration's number, kept by a change or cancellation). */
  @Column('text', { name: 'filing_no', nullable: true }) filingNo: string | null;
  /** The number a granted licence is published under (permit, certificate, registration, filing), from the owner's status message. */
  @Column('text', { name: 'decision_no', nullable: true }) decisionNo: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** Intake's own number series for filings answered at once: one counter per series and year. */
@Entity({ name: 'filing_number_series' })
export class FilingSeriesRow {
  @PrimaryColumn('text') series: string;
  @PrimaryColumn('integer') year: number;
  @Column('integer', { name: 'last_value' }) lastValue: number;
}
