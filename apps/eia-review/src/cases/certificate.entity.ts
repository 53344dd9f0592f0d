import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The EIA approval document (批复) of a case: its number and the date it lapses unless building starts. */
@Entity({ name: 'eia_certificates' })
export class CertificateRow {
  @PrimaryColumn('text', { name: 'application_id' }) applicationId: string;
  @Column('text', { name: 'certificate_no', unique: true }) certificateNo: string;
  @Column('date', { name: 'issued_on' }) issuedOn: string;
  /** EIA Law art. 24: an approval lapses if construction starts more than 5 years later. */
  @Column('date', { name: 'lapses_on' }) lapsesOn: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
