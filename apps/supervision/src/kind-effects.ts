import { EntityManager } from 'typeorm';
import type { WorkingCalendar } from '@permits/workflow/calendar';
import type { WorkflowEvent } from '@permits/workflow/engine';
import type { CaseContext, CaseRow, CaseRuntime } from '@permits/workflow-runtime';

/** What one kind of supervision case's consequences are given, inside the command's transaction. */
export interface KindEffectInput {
  tx: EntityManager;
  runtime: CaseRuntime;
  row: CaseRow;
  events: WorkflowEvent[];
  ctx: CaseContext;
  now: Date;
  /** `now` as a day in Asia/Shanghai */
  today: string;
  calendar: WorkingCalendar;
}

/** The consequences of one kind of case (a check, an alarm verification, a penalty): see SupervisionEffects. */
export type KindEffects = (input: KindEffectInput) => Promise<void>;
