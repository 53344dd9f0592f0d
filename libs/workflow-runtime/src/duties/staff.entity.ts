import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Dept } from '@permits/contracts/enums';

/**
 * The staff directory (API.md "Who may act"): who may receive work and who must stand aside. Intake owns the
 * master rows and the API (PUT/GET /api/v1/staff); every other case-holding service keeps the same rows in its
 * own schema from staff.changed.v1, and its duty policy reads only that copy.
 */
@Entity({ name: 'staff_directory' })
export class StaffRow {
  @PrimaryColumn('text', { name: 'user_id' }) userId: string;
  @Column('text') name: string;
  @Column('text') dept: Dept;
  /** `officer`, `head` */
  @Column('text', { array: true }) roles: string[];
  @Column('boolean') active: boolean;
  /** Unified social credit codes of the enterprises this person stands aside from. */
  @Column('text', { array: true }) conflicts: string[];
  /** +1 on every change at intake: a copy never takes a lower revision over a higher one. */
  @Column('integer') revision: number;
  @Column('timestamptz', { name: 'changed_at' }) changedAt: Date;
  @Column('text', { name: 'changed_by' }) changedBy: string;
}
