import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type DeliveryChannel = 'email' | 'sms';
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/**
 * One out-of-band delivery (e-mail or SMS) of one stored notification, written in the same transaction
 * as the notification; a job (jobId = this id) sends it and marks it sent, or failed once its attempts
 * are spent (a dead letter).
 */
@Entity({ name: 'deliveries' })
@Index('deliveries_once', ['notificationId', 'channel'], { unique: true })
@Index('deliveries_by_status', ['status', 'channel'])
export class DeliveryRow {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'notification_id' }) notificationId: string;
  @Column('text') channel: DeliveryChannel;
  /** The address when the delivery was planned (a later contact change does not redirect it). */
  @Column('text') address: string;
  @Column('text', { default: 'pending' }) status: DeliveryStatus;
  @Column('integer', { default: 0 }) attempts: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
  @Column('timestamptz', { name: 'failed_at', nullable: true }) failedAt: Date | null;
}
