import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { NotificationKind } from '@permits/contracts/enums';

export type RecipientType = 'user' | 'dept' | 'enterprise' | 'role';

/** One in-app notification for one recipient (a user, a department, an enterprise or a role). */
@Entity({ name: 'notifications' })
@Index('notifications_by_recipient', ['recipientType', 'recipient', 'createdAt', 'id'])
@Index('notifications_once', ['messageId', 'recipientType', 'recipient'], { unique: true })
export class NotificationRow {
  @PrimaryColumn('text') id: string;
  /** The queue message it came from: one notification per event and recipient, however often delivered. */
  @Column('text', { name: 'message_id' }) messageId: string;
  @Column('text') kind: NotificationKind;
  @Column('text', { name: 'application_id' }) applicationId: string;
  @Column('text', { name: 'recipient_type' }) recipientType: RecipientType;
  @Column('text') recipient: string;
  @Column('jsonb', { default: {} }) data: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'read_at', nullable: true }) readAt: Date | null;
}
