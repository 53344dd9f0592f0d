import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditAlg } from '@permits/workflow-runtime';

/**
 * The staff directory's audit trail (intake, its owner): one entry per change of an entry, with what it was
 * and what it became, chained per person by an HMAC under AUDIT_KEY like a case's audit chain (`staff:<userId>`).
 */
@Entity({ name: 'staff_directory_changes' })
@Index('staff_changes_by_user', ['userId', 'seq'], { unique: true })
export class StaffChangeRow {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('text', { name: 'user_id' }) userId: string;
  @Column('integer') seq: number;
  @Column('timestamptz') at: Date;
  @Column('text') actor: string;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('text', { name: 'prev_hash', nullable: true }) prevHash: string | null;
  @Column('text') hash: string;
  @Column('text') alg: AuditAlg;
}
