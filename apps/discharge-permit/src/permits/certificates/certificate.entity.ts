import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The ledger of electronic certificates issued: one row per distinct PDF of a permit (its SHA-256), written when
 * the first copy of it is served, never changed. The public verification address finds here the certificate of
 * the register's current state (by `fingerprint`, a digest of what the certificate says) and whether a SHA-256 a
 * verifier holds was ever issued.
 */
@Entity({ name: 'certificates' })
@Index('certificates_by_state', ['permitNo', 'fingerprint', 'issuedAt'])
export class CertificateRow {
  @PrimaryColumn('text', { name: 'permit_no' }) permitNo: string;
  /** SHA-256 of the PDF's bytes, hex. */
  @PrimaryColumn('text') sha256: string;
  /** SHA-256 of the certificate's facts (certificate-facts.ts factsFingerprint), hex. */
  @Column('text') fingerprint: string;
  @Column('date', { name: 'valid_from' }) validFrom: string;
  @Column('date', { name: 'valid_to', nullable: true }) validTo: string | null;
  /** The signing key's id (JWK thumbprint) the certificate was signed with. */
  @Column('text', { name: 'key_id' }) keyId: string;
  /** Who was first served this certificate (a user id of the token). */
  @Column('text', { name: 'issued_to' }) issuedTo: string;
  @Column('timestamptz', { name: 'issued_at' }) issuedAt: Date;
}
