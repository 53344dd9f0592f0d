import { Column, Entity, PrimaryColumn } from 'typeorm';

export const CONTACT_TYPES = ['user', 'enterprise', 'dept'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

/** Where a recipient (a user, an enterprise by credit code, a department) gets e-mail and SMS. */
@Entity({ name: 'contacts' })
export class ContactRow {
  @PrimaryColumn('text', { name: 'recipient_type' }) recipientType: ContactType;
  @PrimaryColumn('text') recipient: string;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('text', { name: 'updated_by' }) updatedBy: string;
}
