import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A message written in the same transaction as the state change it announces (STYLE.md "outbox"). */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished', ['createdAt'], { where: 'published_at IS NULL' })
@Index('outbox_published', ['createdAt'], { where: 'published_at IS NOT NULL' })
export class OutboxRow {
  @PrimaryColumn('uuid') id: string;
  @Column('text') queue: string;
  @Column('text', { name: 'job_name' }) jobName: string;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('text', { name: 'correlation_id', nullable: true }) correlationId: string | null;
  /** Delay in ms BullMQ waits before the job runs (timers); 0 for at once. */
  @Column('integer', { default: 0 }) delay: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
}

/** One row per consumed message: a redelivered job finds its id here and does nothing. */
@Entity({ name: 'inbox' })
@Index('inbox_handled', ['handledAt'])
export class InboxRow {
  @PrimaryColumn('text', { name: 'message_id' }) messageId: string;
  @Column('text') job: string;
  @CreateDateColumn({ name: 'handled_at', type: 'timestamptz' }) handledAt: Date;
}

/**
 * TypeORM's insert/update types reject jsonb columns typed as Record<string, unknown>; this narrows the
 * cast to one place instead of one per call.
 */
export function rowValues<T>(value: Partial<T>): import('typeorm/query-builder/QueryPartialEntity').QueryDeepPartialEntity<T> {
  return value as import('typeorm/query-builder/QueryPartialEntity').QueryDeepPartialEntity<T>;
}
