import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { RiskClass } from './plans/draw';

/**
 * A regulated entity: a holder of a valid permit or registration, kept in step with discharge-permit's
 * register by its `supervision.permit-register-changed.v1` messages (never by reading its tables).
 */
@Entity({ name: 'regulated_entities' })
export class RegulatedEntityRow {
  @PrimaryColumn('text', { name: 'credit_code' }) creditCode: string;
  @Column('text') name: string;
  @Column('text', { name: 'risk_class' }) riskClass: RiskClass;
  /** Whether staff set the class (then the register's management category no longer decides it). */
  @Column('boolean', { name: 'risk_class_set_by_staff', default: false }) riskClassSetByStaff: boolean;
  @Column('boolean', { name: 'online_monitoring', default: false }) onlineMonitoring: boolean;
  /** permitNo → { status, licenseType, managementCategory, validTo } of each of its permits. */
  @Column('jsonb', { default: {} }) permits: Record<string, { status: string; licenseType: string; managementCategory: string | null; validTo: string | null }>;
  /** Holds at least one valid (or expiring) permit or registration: only active entities are drawn. */
  @Column('boolean') active: boolean;
  @Column('date', { name: 'last_inspected_on', nullable: true }) lastInspectedOn: string | null;
  /** Off the positive list until this day (a penalty decision: 2 years). */
  @Column('date', { name: 'penalty_until', nullable: true }) penaltyUntil: string | null;
  /** Off the positive list until this day (an online monitoring alarm: 6 months). */
  @Column('date', { name: 'alarm_until', nullable: true }) alarmUntil: string | null;
  /** Violations found whose penalty case is still open. */
  @Column('integer', { name: 'open_violations', default: 0 }) openViolations: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** Every change of an entity, append-only: who or what changed it, before and after. */
@Entity({ name: 'entity_history' })
@Index('entity_history_by_entity', ['creditCode', 'id'])
export class EntityHistoryRow {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('text', { name: 'credit_code' }) creditCode: string;
  @Column('timestamptz') at: Date;
  @Column('text') actor: string;
  @Column('text') action: string;
  @Column('jsonb', { default: {} }) detail: Record<string, unknown>;
}

/** The roster of law-enforcement inspectors, with their conflicts of interest. */
@Entity({ name: 'inspectors' })
export class InspectorRow {
  @PrimaryColumn('text', { name: 'user_id' }) userId: string;
  @Column('text') name: string;
  @Column('boolean') active: boolean;
  @Column('text', { array: true, default: () => "'{}'" }) conflicts: string[];
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/**
 * A "double random" plan: the seed (revealed once the period has ended) and its commitment, the parameters of
 * the draw (the entities and roster as they stood are rows of plan_inputs), and the result of the draw.
 * One plan per period that is not cancelled (unique index plans_one_per_period).
 */
@Entity({ name: 'plans' })
@Index('plans_by_drawn_at', ['drawnAt', 'id'])
@Index('plans_one_per_period', ['period'], { unique: true, where: 'cancelled_at IS NULL' })
export class PlanRow {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') period: string;
  /** Never selected unless asked for (addSelect): only verify and the views after the period read it. */
  @Column('text', { select: false }) seed: string;
  /** Hex SHA-256 of the seed, published at the draw. */
  @Column('text', { name: 'seed_commitment' }) seedCommitment: string;
  /** false: a plan drawn before committed draws, whose seed the drawer may have chosen (its commitment was computed afterwards). */
  @Column('boolean', { name: 'seed_committed', default: true }) seedCommitted: boolean;
  @Column('text', { name: 'inputs_hash' }) inputsHash: string;
  @Column('text') algorithm: string;
  /** The parameters of the draw (period, ratios, inspectors per check); the entities and roster are in plan_inputs. */
  @Column('jsonb') inputs: Record<string, unknown>;
  /** Per class, the entities the inputs held and how many were drawn. */
  @Column('jsonb', { default: {} }) counts: Record<string, { entities: number; drawn: number }>;
  /** The drawn checks in draw order ({ creditCode, group, inspectors, offSite }); only verify reads it. */
  @Column('jsonb', { select: false }) result: unknown[];
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
  @Column('text', { name: 'cancelled_by', nullable: true }) cancelledBy: string | null;
  @Column('text', { name: 'cancel_reason', nullable: true }) cancelReason: string | null;
  @Column('date', { name: 'due_date' }) dueDate: string;
  @Column('text', { name: 'drawn_by' }) drawnBy: string;
  @Column('timestamptz', { name: 'drawn_at' }) drawnAt: Date;
}

export type CheckStatus = 'open' | 'compliant' | 'violation' | 'disputed' | 'cancelled';

/** One inspector's result of a check. */
export interface InspectorResult {
  outcome: 'compliant' | 'violation';
  findings: string | null;
  at: string;
}

/** One check of a plan; a workflow case of its own (same id) holds its inspection task. */
@Entity({ name: 'checks' })
@Index('checks_by_plan', ['planId', 'seq'])
@Index('checks_by_inspector', ['inspectors'])
export class CheckRow {
  @PrimaryColumn('text') id: string;
  @Column('uuid', { name: 'plan_id' }) planId: string;
  @Column('integer') seq: number;
  @Column('text', { name: 'credit_code' }) creditCode: string;
  @Column('text', { array: true }) inspectors: string[];
  @Column('boolean', { name: 'off_site' }) offSite: boolean;
  @Column('text') status: CheckStatus;
  @Column('text', { nullable: true }) findings: string | null;
  @Column('date', { name: 'due_date' }) dueDate: string;
  @Column('text', { name: 'recorded_by', nullable: true }) recordedBy: string | null;
  @Column('timestamptz', { name: 'recorded_at', nullable: true }) recordedAt: Date | null;
  /** Each inspector's result (userId → result): the check stands when they agree. */
  @Column('jsonb', { default: {} }) results: Record<string, InspectorResult>;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

export type PenaltyStatus = 'open' | 'decided' | 'dismissed';
export type SanctionKind = 'warning' | 'fine' | 'order_to_correct' | 'suspend_production';
export interface Sanction {
  kind: SanctionKind;
  amountYuan: number | null;
}
export interface Statement {
  at: string;
  by: string;
  text: string;
}

/** A penalty case opened by a violation (the workflow case has the same id). */
@Entity({ name: 'penalties' })
@Index('penalties_by_check', ['checkId'], { unique: true })
@Index('penalties_by_alarm', ['alarmId'], { unique: true })
@Index('penalties_published', ['publishedAt', 'id'])
export class PenaltyRow {
  @PrimaryColumn('text') id: string;
  /** The check that found the violation (source check), or null. */
  @Column('text', { name: 'check_id', nullable: true }) checkId: string | null;
  /** The confirmed monitoring alarm (source alarm), or null. */
  @Column('text', { name: 'alarm_id', nullable: true }) alarmId: string | null;
  @Column('text', { default: 'check' }) source: 'check' | 'alarm';
  @Column('text', { name: 'credit_code' }) creditCode: string;
  @Column('text', { name: 'enterprise_name', nullable: true }) enterpriseName: string | null;
  /** Who investigated (the check's inspectors, the alarm's verifier): none of them votes on or decides it (art. 42). */
  @Column('text', { array: true, default: () => "'{}'" }) investigators: string[];
  @Column('text') status: PenaltyStatus;
  /** The legal section's proposal (PUT …/proposal). */
  @Column('text', { nullable: true }) facts: string | null;
  @Column('text', { name: 'legal_basis', nullable: true }) legalBasis: string | null;
  @Column('jsonb', { nullable: true }) sanction: Sanction | null;
  @Column('text', { name: 'proposed_by', nullable: true }) proposedBy: string | null;
  /** The last day the enterprise states its defence (3 working days after the notice). */
  @Column('date', { name: 'statement_due', nullable: true }) statementDue: string | null;
  /** The last day it asks for a hearing (5 working days after the notice; a large fine only). */
  @Column('date', { name: 'hearing_due', nullable: true }) hearingDue: string | null;
  @Column('boolean', { name: 'hearing_requested', default: false }) hearingRequested: boolean;
  @Column('jsonb', { default: [] }) statements: Statement[];
  @Column('text', { name: 'decision_no', nullable: true }) decisionNo: string | null;
  @Column('text', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  @Column('date', { name: 'decided_on', nullable: true }) decidedOn: string | null;
  /** The last day the decision may be published (7 working days after it). */
  @Column('date', { name: 'publish_by', nullable: true }) publishBy: string | null;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
  @Column('text', { name: 'published_by', nullable: true }) publishedBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

/** An online monitoring alarm as received (unique alarmId: the same alarm twice changes nothing). */
@Index('monitoring_alarms_received', ['receivedAt', 'caseId'])
@Index('monitoring_alarms_by_entity', ['creditCode', 'receivedAt', 'caseId'])
@Entity({ name: 'monitoring_alarms' })
export class AlarmRow {
  @PrimaryColumn('text', { name: 'alarm_id' }) alarmId: string;
  @Column('text', { name: 'credit_code' }) creditCode: string;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('text', { name: 'case_id' }) caseId: string;
  @Column('timestamptz', { name: 'received_at' }) receivedAt: Date;
}

export const SUPERVISION_OWN_ENTITIES = [RegulatedEntityRow, EntityHistoryRow, InspectorRow, PlanRow, CheckRow, PenaltyRow, AlarmRow];
