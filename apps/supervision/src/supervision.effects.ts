import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EntityManager } from 'typeorm';
import type { ApplicationStatus } from '@permits/contracts/enums';
import { shanghaiDate } from '@permits/workflow/calendar';
import { Command, WorkflowEvent } from '@permits/workflow/engine';
import { BundledCalendar, CaseContext, CaseEffects, CaseRow, CaseRuntime } from '@permits/workflow-runtime';
import { Clock } from '@permits/clock';
import { alarmEffects } from './alarms/alarm-effects';
import { checkEffects } from './checks/check-effects';
import { checkRules } from './checks/check-rules';
import type { KindEffects } from './kind-effects';
import { penaltyEffects } from './penalties/penalty-effects';
import { penaltyRules } from './penalties/penalty-rules';

export { addYears, PENALTY_PUBLICATION_TIMER, PENALTY_YEARS_OFF_LIST, PUBLISH_PENALTY_WITHIN_WORKING_DAYS } from './penalties/penalty-effects';

export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(d, last));
  return t.toISOString().slice(0, 10);
}

/** Each kind of case's consequences, by its definition. */
const KIND_EFFECTS: Record<string, KindEffects | undefined> = {
  supervision_check: checkEffects,
  alarm_verification: alarmEffects,
  supervision_penalty: penaltyEffects,
};

/**
 * What supervision adds to a command's transaction, per kind of case: its rules before anything is written
 * (checks/check-rules.ts, penalties/penalty-rules.ts) and its consequences after (a check's result and the
 * penalty it opens, a confirmed alarm's penalty, a penalty's notice and decision).
 */
@Injectable()
export class SupervisionEffects implements CaseEffects {
  private runtimeRef?: CaseRuntime;

  constructor(
    private readonly clock: Clock,
    private readonly calendar: BundledCalendar,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The runtime that calls these effects (it is built with them, so it is looked up when first needed). */
  private get runtime(): CaseRuntime {
    return (this.runtimeRef ??= this.moduleRef.get(CaseRuntime, { strict: false }));
  }

  statusOf(row: CaseRow): ApplicationStatus {
    const s = row.state;
    if (s.status !== 'completed') return 'in_review';
    return s.result === 'approved' ? 'approved' : s.result === 'withdrawn' ? 'withdrawn' : 'denied';
  }

  async check(tx: EntityManager, row: CaseRow, command: Command, _events: WorkflowEvent[], ctx: CaseContext): Promise<void> {
    await checkRules(tx, row, command, ctx);
    await penaltyRules(tx, row, command, ctx);
  }

  async apply(tx: EntityManager, row: CaseRow, events: WorkflowEvent[], ctx: CaseContext): Promise<void> {
    if (events.length === 0) return;
    const now = await this.clock.now();
    const today = shanghaiDate(now);
    await KIND_EFFECTS[row.definitionKey]?.({ tx, runtime: this.runtime, row, events, ctx, now, today, calendar: this.calendar.get() });
  }
}
