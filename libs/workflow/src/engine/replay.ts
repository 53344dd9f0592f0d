// Rebuilding a case from its command history (audit, tests, repair of a damaged jsonb row).
//
// Each accepted command is recorded with its instant and the task ids it consumed, so that the
// replay is exact. A `Migrate` in the history carries its target definition, so the replay follows
// the case onto it.
import type { Command } from './commands';
import { decide } from './decide';
import type { WorkflowDefinition } from './definition';
import { InvalidCommand } from './errors';
import type { WorkflowEvent } from './events';
import type { InstanceState } from './state';

export interface HistoryEntry {
  command: Command;
  /** The `now` the command was decided at, ISO-8601. */
  at: string;
  /** The ids handed out by `ids()` while deciding it (the ids of the tasks it opened, in order). */
  taskIds: string[];
}

/** The history entry to store for a command that `decide` accepted. */
export function historyEntry(command: Command, now: Date, events: readonly WorkflowEvent[]): HistoryEntry {
  const taskIds = events.flatMap((e) => (e.type === 'TaskOpened' ? [e.taskId] : []));
  return { command, at: now.toISOString(), taskIds };
}

/** Replays the history from nothing; `def` is the definition the case started on. */
export function replay(def: WorkflowDefinition, history: readonly HistoryEntry[]): InstanceState {
  let current = def;
  let state: InstanceState | undefined;
  for (const [index, entry] of history.entries()) {
    const ids = recordedIds(entry.taskIds, index);
    state = decide(current, state, entry.command, new Date(entry.at), ids.next).state;
    if (ids.left() > 0) throw new InvalidCommand(`history entry ${index} recorded more task ids than its replay opens`);
    if (entry.command.type === 'Migrate') current = entry.command.toDefinition;
  }
  if (state === undefined) throw new InvalidCommand('an empty history has no state');
  return state;
}

function recordedIds(taskIds: readonly string[], index: number): { next: () => string; left: () => number } {
  let taken = 0;
  return {
    next: () => {
      if (taken >= taskIds.length) throw new InvalidCommand(`history entry ${index} recorded fewer task ids than its replay opens`);
      return taskIds[taken++];
    },
    left: () => taskIds.length - taken,
  };
}
