import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type PlanInputKind = 'entity' | 'inspector';

/**
 * The inputs of a plan as they stood at the draw, one row per entity or inspector in canonical order (`seq`):
 * stored apart from the plan so that a page of plans, or of a plan's inputs, never loads a whole register.
 * `data` is the entity ({ creditCode, riskClass, positiveList, onlineMonitoring }) or the inspector
 * ({ userId, conflicts }); the conflicts are never published.
 */
@Entity({ name: 'plan_inputs' })
export class PlanInputRow {
  @PrimaryColumn('uuid', { name: 'plan_id' }) planId: string;
  @PrimaryColumn('text') kind: PlanInputKind;
  @PrimaryColumn('integer') seq: number;
  @Column('jsonb') data: Record<string, unknown>;
}

/** What happened to a plan (drawn, cancelled), append-only: who, when, and why. */
@Entity({ name: 'plan_events' })
@Index('plan_events_by_plan', ['planId', 'id'])
export class PlanEventRow {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid', { name: 'plan_id' }) planId: string;
  @Column('timestamptz') at: Date;
  @Column('text') actor: string;
  @Column('text') action: string;
  @Column('jsonb', { default: {} }) detail: Record<string, unknown>;
}

export const PLAN_ENTITIES = [PlanInputRow, PlanEventRow];
