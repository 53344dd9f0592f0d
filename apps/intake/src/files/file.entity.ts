import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One uploaded material file, by content: who uploaded it first and when. The bytes live in the FileStore. */
@Entity({ name: 'files' })
export class FileRow {
  @PrimaryColumn('text') sha256: string;
  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) } }) size: number;
  @Column('text', { name: 'media_type' }) mediaType: string;
  @Column('text', { name: 'uploader_credit_code' }) uploaderCreditCode: string;
  @Column('text', { name: 'uploader_user_id' }) uploaderUserId: string;
  @Column('timestamptz', { name: 'uploaded_at' }) uploadedAt: Date;
}
