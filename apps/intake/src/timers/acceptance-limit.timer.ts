import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { WorkingCalendar } from '@permits/workflow/calendar';
import { ACCEPTANCE } from '@permits/workflow/definitions';
import { Command, InstanceState } from '@permits/workflow/engine';
import { AcceptanceTimerData, acceptanceTimer, CaseRow, CaseRuntime, TIMER_KINDS, TimerKind, TimerRow, TimerService } from '@permits/workflow-runtime';

/** Who acts when the law accepts an application the window left too long: recorded as such in history and audit. */
export const DEEMED_ACCEPTANCE_ACTOR = { id: 'system:acceptance-limit', roles: ['admin' as const], dept: 'window' as const };

/**
 * The commands that accept the open acceptance task on the law's behalf. A pool task is completed as the
 * window; a task someone holds is first transferred to the system (an admin may), so the record shows who
 * accepted it. A pending delegation (委派) cannot be transferred or completed by anyone but the delegate,
 * so the case is moved onto the acceptance's `accepted` end (Migrate onto the same definition): the task
 * is cancelled and the case completes as accepted. Empty when there is nothing to accept.
 */
export function deemedAcceptanceCommands(state: InstanceState, taskId: string, comment: string): Command[] {
  const actor = DEEMED_ACCEPTANCE_ACTOR;
  const task = state.tasks.find((t) => t.id === taskId);
  if (state.status !== 'running' || state.currentStepId !== 'acceptance' || !task || task.status !== 'open') return [];
  if (task.delegation === 'pending') return [{ type: 'Migrate', toDefinition: ACCEPTANCE, stepMapping: { acceptance: 'accepted' }, actor }];
  const commands: Command[] = [];
  if (task.assignee !== null && task.assignee !== actor.id) commands.push({ type: 'TransferTask', taskId, toUserId: actor.id, actor });
  commands.push({ type: 'CompleteTask', taskId, outcome: 'accept', comment, actor });
  return commands;
}

/**
 * The acceptance limit ran out with the application still at the window: it counts as accepted on the
 * day it arrived (DOMAIN.md, "Acceptance itself has a limit"), and is handed over as a normal acceptance
 * is, with that day as acceptedOn (AcceptanceEffects.handOver). Runs in intake's worker.
 */
@Injectable()
export class AcceptanceLimitTimer implements TimerKind, OnModuleInit {
  readonly kind = TIMER_KINDS.acceptanceLimit;

  constructor(
    private readonly timers: TimerService,
    private readonly runtime: CaseRuntime,
  ) {}

  onModuleInit(): void {
    this.timers.register(this);
  }

  async fire(tx: EntityManager, timer: TimerRow, row: CaseRow): Promise<string> {
    const d = timer.data as unknown as AcceptanceTimerData & { deadline: string };
    const comment = `deemed accepted on ${d.deemedOn}: the acceptance limit of ${d.limit.days} ${d.limit.unit} days ran out on ${d.deadline}`;
    const commands = deemedAcceptanceCommands(row.state, d.taskId, comment);
    if (commands.length === 0) return 'stale';
    // the law accepts (no person acts): the duty policy does not apply to the system's transfer and completion
    const ctx = {
      correlationId: randomUUID(),
      byLaw: true as const,
      input: { deemedAcceptance: true, acceptedOn: d.deemedOn, acceptanceDeadline: d.deadline, acceptanceLimit: d.limit, comment },
    };
    for (const command of commands) await this.runtime.apply(tx, row, command, ctx);
    return 'deemed_accepted';
  }

  dueAgain(timer: TimerRow, calendar: WorkingCalendar): Date {
    return acceptanceTimer(timer.caseId, timer.data as unknown as AcceptanceTimerData, calendar).dueAt;
  }
}
