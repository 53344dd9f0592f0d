import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

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

/**
 * Who uploaded a file: one row per enterprise and content. An applicant sees and may attach only the files
 * its own enterprise uploaded (or that its applications already refer to), so no one can probe whether
 * another enterprise holds a given document.
 */
@Entity({ name: 'file_uploads' })
@Index('file_uploads_by_credit_code', ['creditCode', 'uploadedAt'])
@Index('file_uploads_by_uploaded_at', ['uploadedAt'])
export class FileUploadRow {
  @PrimaryColumn('text') sha256: string;
  @PrimaryColumn('text', { name: 'credit_code' }) creditCode: string;
  @Column('text', { name: 'uploader_user_id' }) uploaderUserId: string;
  @Column('timestamptz', { name: 'uploaded_at' }) uploadedAt: Date;
}
