import { ACCEPTANCE } from '@permits/workflow/definitions';
import { Command, decide, InstanceState, WorkflowEvent } from '@permits/workflow/engine';
import { DEEMED_ACCEPTANCE_ACTOR, deemedAcceptanceCommands } from './acceptance-limit.timer';

const window = { id: 'officer-1', roles: ['officer' as const], dept: 'window' as const };
const applicant = { id: 'ent-1', roles: ['applicant' as const] };
const now = new Date('2026-10-09T00:00:00+08:00');

function run(state: InstanceState | undefined, command: Command): { state: InstanceState; events: WorkflowEvent[] } {
  let n = 0;
  return decide(ACCEPTANCE, state, command, now, () => `in_t${++n}`);
}

function atTheWindow(): { state: InstanceState; taskId: string } {
  const { state } = run(undefined, { type: 'Start', instanceId: 'app-1', data: {}, actor: applicant });
  return { state, taskId: state.tasks[0].id };
}

function applyAll(state: InstanceState, commands: Command[]): { state: InstanceState; events: WorkflowEvent[] } {
  const events: WorkflowEvent[] = [];
  for (const c of commands) {
    const r = run(state, c);
    state = r.state;
    events.push(...r.events);
  }
  return { state, events };
}

describe('deemedAcceptanceCommands', () => {
  it('completes a pool task as accepted, in the system’s name', () => {
    const { state, taskId } = atTheWindow();
    const commands = deemedAcceptanceCommands(state, taskId, 'deemed');
    expect(commands.map((c) => c.type)).toEqual(['CompleteTask']);
    const after = applyAll(state, commands);
    expect(after.state).toMatchObject({ status: 'completed', result: 'accepted' });
    expect(after.events).toContainEqual(expect.objectContaining({ type: 'TaskCompleted', taskId, outcome: 'accept', by: DEEMED_ACCEPTANCE_ACTOR.id }));
  });

  it('takes over a task an officer claimed, then accepts it', () => {
    const { state, taskId } = atTheWindow();
    const claimed = run(state, { type: 'ClaimTask', taskId, actor: window }).state;
    const commands = deemedAcceptanceCommands(claimed, taskId, 'deemed');
    expect(commands.map((c) => c.type)).toEqual(['TransferTask', 'CompleteTask']);
    const after = applyAll(claimed, commands);
    expect(after.state).toMatchObject({ status: 'completed', result: 'accepted' });
    expect(after.events).toContainEqual(expect.objectContaining({ type: 'TaskTransferred', from: window.id, to: DEEMED_ACCEPTANCE_ACTOR.id }));
  });

  it('ends the acceptance as accepted when a delegation is pending (nobody else may touch the task)', () => {
    const { state, taskId } = atTheWindow();
    const delegated = run(state, { type: 'DelegateTask', taskId, toUserId: 'officer-2', actor: window }).state;
    const commands = deemedAcceptanceCommands(delegated, taskId, 'deemed');
    expect(commands.map((c) => c.type)).toEqual(['Migrate']);
    const after = applyAll(delegated, commands);
    expect(after.state).toMatchObject({ status: 'completed', result: 'accepted' });
    expect(after.events).toContainEqual(expect.objectContaining({ type: 'CaseCompleted', result: 'accepted' }));
  });

  it('does nothing once the window acted (corrections requested, or decided)', () => {
    const { state, taskId } = atTheWindow();
    const corrections = run(state, { type: 'CompleteTask', taskId, outcome: 'request_correction', actor: window }).state;
    expect(deemedAcceptanceCommands(corrections, taskId, 'deemed')).toEqual([]);
    const refused = run(state, { type: 'CompleteTask', taskId, outcome: 'not_accept', actor: window }).state;
    expect(deemedAcceptanceCommands(refused, taskId, 'deemed')).toEqual([]);
    expect(deemedAcceptanceCommands(state, 'in_other', 'deemed')).toEqual([]);
  });
});
