// Test support (excluded from the build): actors, small definitions, and a harness that drives one
// case through `decide`, keeping its events and history.
import type { Dept } from '@permits/contracts/enums';
import type { Actor, Command } from '../commands';
import { decide } from '../decide';
import type { CountersignPolicy, SignerRef, WorkflowDefinition } from '../definition';
import { WorkflowError } from '../errors';
import type { WorkflowEvent, WorkflowEventType, EventOf } from '../events';
import { historyEntry, type HistoryEntry } from '../replay';
import type { InstanceState, Task } from '../state';

export const officer = (dept: Dept, id = `${dept}-officer`): Actor => ({ id, roles: ['officer'], dept });
export const head = (dept: Dept, id = `${dept}-head`): Actor => ({ id, roles: ['head'], dept });
export const ADMIN: Actor = { id: 'admin-1', roles: ['admin'] };
export const APPLICANT: Actor = { id: 'applicant-1', roles: ['applicant'] };
export const AUDITOR: Actor = { id: 'auditor-1', roles: ['auditor'], dept: 'legal' };
export const RUNTIME: Actor = { id: 'runtime', roles: [] };

export const T0 = new Date('2025-03-03T01:00:00.000Z');

/** review (eia) → countersign → decision (approval) → approved; rejections → denied. */
export function countersignDef(
  policy: CountersignPolicy,
  signers: SignerRef[] = ['pollution', 'monitoring', 'legal'],
  veto = false,
  version = 1,
): WorkflowDefinition {
  return {
    key: 'cs-test',
    version,
    start: 'review',
    steps: [
      { id: 'review', kind: 'task', taskKind: 'review', dept: 'eia', outcomes: { approve: 'cs', reject: 'denied' } },
      { id: 'cs', kind: 'countersign', taskKind: 'countersign', signers, policy, veto, onApproved: 'decision', onRejected: 'denied' },
      { id: 'decision', kind: 'task', taskKind: 'decision', dept: 'approval', outcomes: { approve: 'approved', reject: 'denied' } },
      { id: 'approved', kind: 'end', result: 'approved' },
      { id: 'denied', kind: 'end', result: 'denied' },
    ],
  };
}

export class CaseHarness {
  state: InstanceState | undefined;
  def: WorkflowDefinition;
  readonly startDef: WorkflowDefinition;
  readonly events: WorkflowEvent[] = [];
  readonly history: HistoryEntry[] = [];
  private minutes = 0;
  private nextId = 1;

  constructor(def: WorkflowDefinition) {
    this.def = def;
    this.startDef = def;
  }

  static started(def: WorkflowDefinition, data: Record<string, unknown> = {}): CaseHarness {
    const harness = new CaseHarness(def);
    harness.run({ type: 'Start', actor: APPLICANT, instanceId: 'case-1', data });
    return harness;
  }

  get s(): InstanceState {
    if (!this.state) throw new Error('case not started');
    return this.state;
  }

  /** Decides a command one minute after the previous one; returns the events it produced. */
  run(command: Command): WorkflowEvent[] {
    const now = new Date(T0.getTime() + this.minutes++ * 60_000);
    const { state, events } = decide(this.def, this.state, command, now, () => `t${this.nextId++}`);
    this.state = state;
    this.events.push(...events);
    if (events.length > 0) this.history.push(historyEntry(command, now, events));
    if (command.type === 'Migrate') this.def = command.toDefinition;
    return events;
  }

  /** Runs a command that must fail; checks that nothing changed and returns the error. */
  reject(command: Command): WorkflowError {
    const before = JSON.stringify(this.state);
    const nextId = this.nextId;
    try {
      this.run(command);
    } catch (error) {
      if (!(error instanceof WorkflowError)) throw error;
      expect(JSON.stringify(this.state)).toBe(before);
      this.nextId = nextId;
      return error;
    }
    throw new Error(`${command.type} was accepted`);
  }

  openTasks(): Task[] {
    return this.s.tasks.filter((t) => t.status === 'open');
  }

  /** The single open task of a department (or signer key). */
  task(deptOrSigner: string): Task {
    const found = this.openTasks().filter((t) => t.dept === deptOrSigner || t.signer === deptOrSigner);
    if (found.length !== 1) throw new Error(`expected one open task for ${deptOrSigner}, found ${found.length}`);
    return found[0];
  }

  /** Completes the open task of a department as that department's officer. */
  complete(dept: Dept, outcome: Extract<Command, { type: 'CompleteTask' }>['outcome'], extra: { returnTo?: string; comment?: string } = {}): WorkflowEvent[] {
    return this.run({ type: 'CompleteTask', actor: officer(dept), taskId: this.task(dept).id, outcome, ...extra });
  }

  eventsOf<T extends WorkflowEventType>(type: T): EventOf<T>[] {
    return this.events.filter((e): e is EventOf<T> => e.type === type);
  }
}

export function types(events: readonly WorkflowEvent[]): WorkflowEventType[] {
  return events.map((e) => e.type);
}
