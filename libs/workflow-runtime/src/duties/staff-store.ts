// The staff directory's rows in a service's own schema: intake writes the master, the others their copies.
import { EntityManager } from 'typeorm';
import type { Dept } from '@permits/contracts/enums';

export interface StaffFields {
  userId: string;
  name: string;
  dept: Dept;
  roles: string[];
  active: boolean;
  conflicts: string[];
}

export interface StoredStaff extends StaffFields {
  revision: number;
  changedAt: Date;
  changedBy: string;
}

/** Intake (the owner): puts an entry, answers the new revision (+1 on every change) and the entry before, if any. */
export async function storeOwnedStaff(
  tx: EntityManager,
  s: StaffFields,
  changedBy: string,
  changedAt: Date,
): Promise<{ revision: number; before: StoredStaff | null }> {
  const prior = (await tx.query(
    `SELECT user_id, name, dept, roles, active, conflicts, revision, changed_at, changed_by FROM staff_directory WHERE user_id = $1 FOR UPDATE`,
    [s.userId],
  )) as StaffSqlRow[];
  const rows = (await tx.query(
    `INSERT INTO staff_directory (user_id, name, dept, roles, active, conflicts, revision, changed_at, changed_by) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8)
     ON CONFLICT (user_id) DO UPDATE SET name = EXCLUDED.name, dept = EXCLUDED.dept, roles = EXCLUDED.roles, active = EXCLUDED.active, conflicts = EXCLUDED.conflicts,
       revision = staff_directory.revision + 1, changed_at = EXCLUDED.changed_at, changed_by = EXCLUDED.changed_by
     RETURNING revision`,
    [s.userId, s.name, s.dept, s.roles, s.active, s.conflicts, changedAt, changedBy],
  )) as { revision: number }[];
  return { revision: rows[0].revision, before: prior[0] ? fromSql(prior[0]) : null };
}

/** A copy: stores the entry unless a later revision is there (a late or redelivered message never undoes a change). */
export async function storeReplicatedStaff(tx: EntityManager, s: StoredStaff): Promise<boolean> {
  const rows = (await tx.query(
    `INSERT INTO staff_directory (user_id, name, dept, roles, active, conflicts, revision, changed_at, changed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (user_id) DO UPDATE SET name = EXCLUDED.name, dept = EXCLUDED.dept, roles = EXCLUDED.roles, active = EXCLUDED.active, conflicts = EXCLUDED.conflicts,
       revision = EXCLUDED.revision, changed_at = EXCLUDED.changed_at, changed_by = EXCLUDED.changed_by
      WHERE staff_directory.revision < EXCLUDED.revision
     RETURNING user_id`,
    [s.userId, s.name, s.dept, s.roles, s.active, s.conflicts, s.revision, s.changedAt, s.changedBy],
  )) as unknown[];
  return rows.length > 0;
}

/** The entries of these users (those listed), read in the caller's transaction. */
export async function staffEntries(tx: EntityManager, userIds: string[]): Promise<StoredStaff[]> {
  if (userIds.length === 0) return [];
  const rows = (await tx.query(
    `SELECT user_id, name, dept, roles, active, conflicts, revision, changed_at, changed_by FROM staff_directory WHERE user_id = ANY($1::text[])`,
    [userIds],
  )) as StaffSqlRow[];
  return rows.map(fromSql);
}

interface StaffSqlRow {
  user_id: string;
  name: string;
  dept: Dept;
  roles: string[];
  active: boolean;
  conflicts: string[];
  revision: number;
  changed_at: Date;
  changed_by: string;
}

function fromSql(r: StaffSqlRow): StoredStaff {
  return {
    userId: r.user_id,
    name: r.name,
    dept: r.dept,
    roles: r.roles,
    active: r.active,
    conflicts: r.conflicts,
    revision: r.revision,
    changedAt: r.changed_at,
    changedBy: r.changed_by,
  };
}
