import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A renewal intake received (RenewalFiledV1), wherever its case stands; ended when intake ends it at the window. */
@Entity({ name: 'renewal_filings' })
@Index('renewal_filings_pending', ['permitNo', 'filedOn'], { where: 'ended_at IS NULL' })
export class RenewalFilingRow {
  @PrimaryColumn('text', { name: 'application_id' }) applicationId: string;
  @Column('text', { name: 'permit_no' }) permitNo: string;
  @Column('text', { name: 'credit_code' }) creditCode: string;
  @Column('date', { name: 'filed_on' }) filedOn: string;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt: Date | null;
  /** not_accepted, withdrawn (at the window), or deemed (granted by law at the licence's end) */
  @Column('text', { nullable: true }) outcome: string | null;
}
