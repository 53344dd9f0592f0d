import type { DataSource } from 'typeorm';
import { Jobs, TaskIndexChangedV1 } from '@permits/contracts/jobs';
import { OpenedTask } from '@permits/workflow-runtime/task-stream';

/** The channel on which a committed projection names a task that became visible to someone (the task stream's feed). */
export const TASK_INDEX_CHANNEL = 'task_index_opened';

export type Applied = 'applied' | 'duplicate' | 'stale';

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

/** One consumed message: its id (the job id, the consumer's inbox key) and the change it carries. */
export interface TaskMessage {
  messageId: string;
  change: TaskIndexChangedV1;
}

interface AppliedRow {
  message_id: string | null;
  fresh: boolean;
  applied: boolean;
  newly_visible: boolean;
}

/**
 * Applies task changes to the index in one transaction (one statement): each message id into the inbox (a redelivered
 * one does nothing), then per task the newest of the fresh messages, only over an older stored version (a late older
 * message is ignored; a closed task stays as a tombstone with its version, out of every inbox). A task that became
 * visible to someone it was not (opened, or moved to another department or person) is announced on TASK_INDEX_CHANNEL
 * at commit. Returns, per message in order, what became of it.
 */
export async function applyTaskChanges(db: DataSource, messages: TaskMessage[]): Promise<Applied[]> {
  if (messages.length === 0) return [];
  const rows = messages.map(({ messageId, change: c }, n) => ({
    n,
    message_id: messageId,
    id: c.taskId,
    version: c.version,
    open: c.open,
    case_id: c.open ? (c.caseId ?? null) : null,
    kind: c.open ? (c.kind ?? null) : null,
    dept: c.open ? (c.dept ?? null) : null,
    assignee: c.open ? (c.assignee ?? null) : null,
    due_date: c.open ? (c.dueDate ?? null) : null,
    created_at: c.open ? (c.createdAt ?? null) : null,
    sla_level: c.open ? (c.slaLevel ?? null) : null,
    yellow_within_days: c.open ? (c.yellowWithinDays ?? null) : null,
    license_type: c.open ? (c.licenseType ?? null) : null,
  }));
  return db.transaction(async (m) => {
    const result: AppliedRow[] = await m.query(
      `WITH msg AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(n integer, message_id text, id text, version bigint, open boolean, case_id text, kind text, dept text,
           assignee text, due_date date, created_at timestamptz, sla_level text, yellow_within_days integer, license_type text)),
       fresh AS (INSERT INTO inbox (message_id, job) SELECT DISTINCT message_id, $2 FROM msg ON CONFLICT DO NOTHING RETURNING message_id),
       latest AS (SELECT DISTINCT ON (msg.id) msg.* FROM msg JOIN fresh USING (message_id) ORDER BY msg.id, msg.version DESC),
       prev AS (SELECT t.id, t.open, t.dept, t.assignee FROM tasks t JOIN latest USING (id)),
       up AS (
         INSERT INTO tasks AS t (id, version, open, case_id, kind, dept, assignee, due_date, created_at, sla_level, yellow_within_days, license_type, changed_at)
         SELECT id, version, open, case_id, kind, dept, assignee, due_date, created_at, sla_level, yellow_within_days, license_type, now() FROM latest
         ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, open = EXCLUDED.open, case_id = EXCLUDED.case_id, kind = EXCLUDED.kind,
           dept = EXCLUDED.dept, assignee = EXCLUDED.assignee, due_date = EXCLUDED.due_date, created_at = EXCLUDED.created_at,
           sla_level = EXCLUDED.sla_level, yellow_within_days = EXCLUDED.yellow_within_days, license_type = EXCLUDED.license_type, changed_at = now()
         WHERE t.version < EXCLUDED.version
         RETURNING t.id, t.version, t.open, t.dept, t.assignee)
       SELECT msg.message_id, fresh.message_id IS NOT NULL AS fresh, up.id IS NOT NULL AS applied,
              (up.id IS NOT NULL AND up.open AND (prev.id IS NULL OR NOT prev.open OR prev.dept IS DISTINCT FROM up.dept
                OR prev.assignee IS DISTINCT FROM up.assignee)) AS newly_visible
         FROM msg LEFT JOIN fresh USING (message_id)
         LEFT JOIN up ON up.id = msg.id AND up.version = msg.version AND fresh.message_id IS NOT NULL
         LEFT JOIN prev ON prev.id = msg.id
        ORDER BY msg.n`,
      [JSON.stringify(rows), Jobs.TaskIndexChanged.name],
    );
    const opened = messages.filter((_, i) => result[i]?.newly_visible).map((x) => JSON.stringify(openedTaskOf(x.change)));
    if (opened.length) await m.query(`SELECT pg_notify($1, x) FROM unnest($2::text[]) AS x`, [TASK_INDEX_CHANNEL, opened]);
    return result.map((r) => (!r.fresh ? 'duplicate' : r.applied ? 'applied' : 'stale'));
  });
}

/** One change alone (applyTaskChanges of one message). */
export async function applyTaskChange(db: DataSource, change: TaskIndexChangedV1, messageId: string): Promise<Applied> {
  const [r] = await applyTaskChanges(db, [{ messageId, change }]);
  return r;
}
