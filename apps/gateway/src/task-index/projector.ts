import type { DataSource } from 'typeorm';
import { Jobs, TaskIndexChangedV1 } from '@permits/contracts/jobs';
import { OpenedTask } from '@permits/workflow-runtime/task-stream';

/** The channel on which a committed projection names a task that became visible to someone (the task stream's feed). */
export const TASK_INDEX_CHANNEL = 'task_index_opened';

export type Applied = 'applied' | 'duplicate' | 'stale';

interface IndexRow {
  open: boolean;
  dept: string | null;
  assignee: string | null;
  version: string;
}

/** A stored task as the stream (and GET /api/v1/tasks) shows it; the level is the case's, the inbox computes a countersign's own. */
export function openedTaskOf(c: TaskIndexChangedV1): OpenedTask {
  return {
    id: c.taskId,
    caseId: c.caseId ?? '',
    applicationId: c.caseId ?? '',
    kind: c.kind ?? '',
    dept: c.dept ?? '',
    assignee: c.assignee ?? null,
    dueDate: c.dueDate ?? null,
    slaLevel: c.slaLevel ?? 'green',
    createdAt: c.createdAt ? new Date(c.createdAt).toISOString() : '',
  };
}

/** An open change must say everything the inbox lists; a message that does not is refused (it never reaches the index). */
export function incompleteOpen(c: TaskIndexChangedV1): string | undefined {
  if (!c.open) return undefined;
  const missing = (['caseId', 'kind', 'dept', 'createdAt', 'slaLevel'] as const).filter((k) => c[k] === undefined || c[k] === null);
  return missing.length ? `an open task without ${missing.join(', ')}` : undefined;
}

/**
 * Applies one task change to the index in one transaction: the message id into the inbox (a redelivery does nothing),
 * then the task's row replaced only by a newer version (a late older message is ignored; a closed task stays as a
 * tombstone with its version, out of every inbox). When the task became visible to someone it was not (opened,
 * or moved to another department or person), its row is announced on TASK_INDEX_CHANNEL at commit.
 */
export async function applyTaskChange(db: DataSource, change: TaskIndexChangedV1, messageId: string): Promise<Applied> {
  return db.transaction(async (m) => {
    const fresh: unknown[] = await m.query(`INSERT INTO inbox (message_id, job) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [
      messageId,
      Jobs.TaskIndexChanged.name,
    ]);
    if (fresh.length === 0) return 'duplicate';
    const [before] = (await m.query(`SELECT open, dept, assignee, version FROM tasks WHERE id = $1 FOR UPDATE`, [change.taskId])) as IndexRow[];
    if (before && Number(before.version) >= change.version) return 'stale';
    const c = change.open ? change : undefined;
    await m.query(
      `INSERT INTO tasks (id, version, open, case_id, kind, dept, assignee, due_date, created_at, sla_level, yellow_within_days, license_type, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())
       ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, open = EXCLUDED.open, case_id = EXCLUDED.case_id, kind = EXCLUDED.kind,
         dept = EXCLUDED.dept, assignee = EXCLUDED.assignee, due_date = EXCLUDED.due_date, created_at = EXCLUDED.created_at,
         sla_level = EXCLUDED.sla_level, yellow_within_days = EXCLUDED.yellow_within_days, license_type = EXCLUDED.license_type, changed_at = now()
       WHERE tasks.version < EXCLUDED.version`,
      [
        change.taskId,
        change.version,
        change.open,
        c?.caseId ?? null,
        c?.kind ?? null,
        c?.dept ?? null,
        c?.assignee ?? null,
        c?.dueDate ?? null,
        c?.createdAt ?? null,
        c?.slaLevel ?? null,
        c?.yellowWithinDays ?? null,
        c?.licenseType ?? null,
      ],
    );
    const newlyVisible = !!c && (!before || !before.open || before.dept !== c.dept || before.assignee !== (c.assignee ?? null));
    if (newlyVisible) await m.query(`SELECT pg_notify($1, $2)`, [TASK_INDEX_CHANNEL, JSON.stringify(openedTaskOf(change))]);
    return 'applied';
  });
}
