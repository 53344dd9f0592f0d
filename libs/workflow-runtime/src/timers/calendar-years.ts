// The administrator-loaded working-day schedules, as rows of the service's own `calendar_years` table.
import { EntityManager } from 'typeorm';
import type { YearSchedule } from '@permits/workflow/calendar';

export interface StoredYear extends YearSchedule {
  revision: number;
  loadedAt: Date;
  loadedBy: string;
}

/**
 * Intake (the owner): stores a loaded year, replacing the one before; answers the new revision (+1 on
 * every load of the year, so the copies in the other services can tell a newer load from an older one).
 */
export async function storeLoadedYear(tx: EntityManager, s: YearSchedule, loadedBy: string, loadedAt: Date): Promise<number> {
  const rows = (await tx.query(
    `INSERT INTO calendar_years (year, holidays, workdays, source, revision, loaded_at, loaded_by) VALUES ($1, $2, $3, $4, 1, $5, $6)
     ON CONFLICT (year) DO UPDATE SET holidays = EXCLUDED.holidays, workdays = EXCLUDED.workdays, source = EXCLUDED.source,
       revision = calendar_years.revision + 1, loaded_at = EXCLUDED.loaded_at, loaded_by = EXCLUDED.loaded_by
     RETURNING revision`,
    [s.year, JSON.stringify(s.holidays), JSON.stringify(s.workdays), s.source, loadedAt, loadedBy],
  )) as { revision: number }[];
  return rows[0].revision;
}

/**
 * A copy (eia-review, discharge-permit, and intake's own worker): stores the year unless a later revision
 * is already there, so a redelivered or late message never undoes a correction. True when it was stored.
 */
export async function storeReplicatedYear(tx: EntityManager, y: StoredYear): Promise<boolean> {
  const rows = (await tx.query(
    `INSERT INTO calendar_years (year, holidays, workdays, source, revision, loaded_at, loaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (year) DO UPDATE SET holidays = EXCLUDED.holidays, workdays = EXCLUDED.workdays, source = EXCLUDED.source,
       revision = EXCLUDED.revision, loaded_at = EXCLUDED.loaded_at, loaded_by = EXCLUDED.loaded_by
      WHERE calendar_years.revision < EXCLUDED.revision
     RETURNING year`,
    [y.year, JSON.stringify(y.holidays), JSON.stringify(y.workdays), y.source, y.revision, y.loadedAt, y.loadedBy],
  )) as unknown[];
  return rows.length > 0;
}
