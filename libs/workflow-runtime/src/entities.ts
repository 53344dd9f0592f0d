import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ApplicationStatus, Dept, LicenseType, SlaLevel } from '@permits/contracts/enums';
import type { ClockState } from '@permits/workflow/clock';
import type { InstanceState } from '@permits/workflow/engine';
import type { AuditAlg } from './audit';
import type { AnchorLeaf } from './merkle';
import { StaffRow } from './duties/staff.entity';
import { CalendarYearRow, SlaMetricRow } from './timers/entities';

/**
 * One case (workflow instance) held by this service. The engine's state and the statutory clock are
 * jsonb documents; the columns beside them are what the queries filter and sort on.
 */
@Entity({ name: 'cases' })
@Index('cases_open_level', ['slaLevel'], { where: 'closed_at IS NULL' })
@Index('cases_open_by_definition', ['definitionKey', 'definitionVersion'], { where: 'closed_at IS NULL' })
export class CaseRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'definition_key' }) definitionKey: string;
  @Column('integer', { name: 'definition_version' }) definitionVersion: number;
  @Column('text', { name: 'license_type' }) licenseType: LicenseType;
  @Column('text', { name: 'sub_item_code' }) subItemCode: string;
  @Column('text', { name: 'applicant_credit_code' }) applicantCreditCode: string;
  @Column('text', { name: 'applicant_user_id' }) applicantUserId: string;
  @Column('text') status: ApplicationStatus;
  @Column('jsonb') state: InstanceState;
  @Column('jsonb', { nullable: true }) clock: ClockState | null;
  @Column('integer', { name: 'yellow_within_days', default: 2 }) yellowWithinDays: number;
  @Column('text', { name: 'sla_level', default: 'green' }) slaLevel: SlaLevel;
  @Column('date', { name: 'due_date', nullable: true }) dueDate: string | null;
  /** The level last announced or reached while the clock counts: one alert per level change, never one per sweep. */
  @Column('text', { name: 'sla_alerted_level', default: 'green' }) slaAlertedLevel: SlaLevel;
  /** False while a deadline of this case was computed over a year the calendar has no schedule for. */
  @Column('boolean', { name: 'calendar_complete', default: true }) calendarComplete: boolean;
  /** Set when the clock stops: what the reports aggregate. */
  @Column('integer', { name: 'elapsed_days', nullable: true }) elapsedDays: number | null;
  @Column('integer', { name: 'days_saved', nullable: true }) daysSaved: number | null;
  @Column('boolean', { name: 'within_committed', nullable: true }) withinCommitted: boolean | null;
  /** Optimistic version: +1 on every command; clients may send it back to detect a stale view. */
  @Column('integer') version: number;
  /** Hash of the newest audit entry of this case: deleting the tail of its chain shows. */
  @Column('text', { name: 'audit_head', nullable: true }) auditHead: string | null;
  @Column('integer', { name: 'audit_count', default: 0 }) auditCount: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  /**
   * Not stored: set with the stopped clock (refreshSla), the counted days up to the committed deadline in force
   * (moved off a rest day, moved out by pauses) = elapsedDays + remainingDays on the decision day; the status message
   * carries it, so the report measures days used against the limit in force, not the catalog's bare number.
   */
  committedDaysInForce?: number;
}

/** The task inbox: one row per task the engine opened, kept in step with the case state. */
@Entity({ name: 'tasks' })
@Index('tasks_open_by_dept', ['dept', 'createdAt', 'id'], { where: "status = 'open'" })
@Index('tasks_open_by_assignee', ['assignee', 'createdAt', 'id'], { where: "status = 'open'" })
@Index('tasks_open_by_dept_due', ['dept', 'dueDate', 'id'], { where: "status = 'open'" })
@Index('tasks_open_by_assignee_due', ['assignee', 'dueDate', 'id'], { where: "status = 'open'" })
@Index('tasks_done_by_dept', ['dept', 'completedAt', 'id'], { where: "status = 'completed'" })
@Index('tasks_done_by_user', ['completedBy', 'completedAt', 'id'], { where: "status = 'completed'" })
@Index('tasks_by_case', ['caseId'])
export class TaskRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'case_id' }) caseId: string;
  @Column('text') kind: string;
  @Column('text', { name: 'step_id' }) stepId: string;
  @Column('text') dept: Dept;
  @Column('text', { nullable: true }) assignee: string | null;
  @Column('text') status: 'open' | 'completed' | 'cancelled';
  @Column('text', { nullable: true }) outcome: string | null;
  @Column('date', { name: 'due_date', nullable: true }) dueDate: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt: Date | null;
  /** Who completed it (the 已办 list of a person); null while open or when cancelled. */
  @Column('text', { name: 'completed_by', nullable: true }) completedBy: string | null;
}

/** What happened to a case, for people: append-only. */
@Entity({ name: 'case_history' })
@Index('case_history_by_case', ['caseId', 'id'])
export class HistoryRow {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('text', { name: 'case_id' }) caseId: string;
  @Column('timestamptz') at: Date;
  @Column('text') actor: string;
  @Column('text') action: string;
  @Column('jsonb', { default: {} }) detail: Record<string, unknown>;
}

/**
 * The tamper-evident trace: every command on a case writes one entry whose hash covers the entry and
 * the hash before it (per case), and the case row holds the newest hash.
 */
@Entity({ name: 'audit_log' })
@Index('audit_by_case', ['caseId', 'caseSeq'], { unique: true })
export class AuditRow {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('text', { name: 'case_id' }) caseId: string;
  @Column('integer', { name: 'case_seq' }) caseSeq: number;
  @Column('timestamptz') at: Date;
  @Column('text') actor: string;
  @Column('text') action: string;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('text', { name: 'prev_hash', nullable: true }) prevHash: string | null;
  @Column('text') hash: string;
  /** How `hash` was made (audit.ts AuditAlg): `sha256` only on entries from before the chain was keyed. */
  @Column('text', { default: 'sha256' }) alg: AuditAlg;
}

/**
 * The anchor log: now and then a Merkle root over every case's (id, entry count, head), each anchor chained
 * to the previous one by an HMAC. The same record is appended to a file the database user cannot change;
 * the leaves of the newest anchors stay here so a verification can name a case that went missing.
 */
@Entity({ name: 'audit_anchors' })
export class AuditAnchorRow {
  @PrimaryColumn('integer') seq: number;
  @Column('timestamptz') at: Date;
  @Column('text') root: string;
  @Column('integer') cases: number;
  @Column('bigint') entries: string;
  @Column('jsonb', { nullable: true }) leaves: AnchorLeaf[] | null;
  @Column('text', { name: 'prev_hash', nullable: true }) prevHash: string | null;
  @Column('text') hash: string;
}

/** A verification of the whole audit store, run in the background: its progress and result. */
@Entity({ name: 'audit_verifications' })
export class AuditVerificationRow {
  @PrimaryColumn('text') id: string;
  @Column('text') status: 'running' | 'done' | 'failed';
  @Column('integer') total: number;
  @Column('integer') checked: number;
  @Column('jsonb', { nullable: true }) result: Record<string, unknown> | null;
  @Column('text', { nullable: true }) error: string | null;
  @Column('timestamptz', { name: 'started_at' }) startedAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt: Date | null;
  /** HMAC (AUDIT_KEY) over the result and when it was found (AuditStore.signVerification): a row written into the database carries none. */
  @Column('text', { nullable: true }) signature: string | null;
}

/**
 * The head of a record's audit chain (`permit:<no>`, `application:<id>`, `plan:<id>`), kept like a case's
 * audit_head/audit_count: its entries are in audit_log under this id, and anchors and verification cover it.
 */
@Entity({ name: 'audit_chains' })
@Index('audit_chains_by_kind', ['kind', 'id'])
export class AuditChainRow {
  @PrimaryColumn('text') id: string;
  @Column('text') kind: string;
  @Column('text', { name: 'audit_head', nullable: true }) auditHead: string | null;
  @Column('integer', { name: 'audit_count', default: 0 }) auditCount: number;
}

/** The leaves an anchor changed (new or grown chains): every anchor's view, kept for verification (its root is in the file as `delta`). */
@Entity({ name: 'audit_anchor_leaves' })
export class AuditAnchorLeafRow {
  @PrimaryColumn('integer') seq: number;
  @PrimaryColumn('text') id: string;
  @Column('integer') n: number;
  @Column('text', { nullable: true }) head: string | null;
}

/** Due times (SLA levels, waits, acceptance limits): the truth lives here; BullMQ only wakes us up. */
@Entity({ name: 'timers' })
@Index('timers_due', ['dueAt'], { where: 'fired_at IS NULL' })
@Index('timers_pending_by_case', ['caseId'], { where: 'fired_at IS NULL' })
export class TimerRow {
  /** `${caseId}:${kind}:${version}`: one timer per case, kind and clock version. */
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'case_id' }) caseId: string;
  @Column('text') kind: string;
  @Column('jsonb', { default: {} }) data: Record<string, unknown>;
  @Column('timestamptz', { name: 'due_at' }) dueAt: Date;
  @Column('timestamptz', { name: 'fired_at', nullable: true }) firedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/**
 * The integrity report's facts (integrity.ts), written by the runtime in the command's own transaction: the
 * report reads this table by time, never the whole audit trail. `assignment` rows are counted into
 * repeatedAssignments by the gateway over every service; one `longPauses` row per case.
 */
@Entity({ name: 'integrity_events' })
@Index('integrity_events_by_time', ['list', 'at'])
@Index('integrity_events_long_pause', ['caseId'], { unique: true, where: `list = 'longPauses'` })
export class IntegrityEventRow {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('text') list: string;
  @Column('text', { name: 'case_id' }) caseId: string;
  @Column('text', { name: 'application_id', nullable: true }) applicationId: string | null;
  @Column('text', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'credit_code' }) creditCode: string;
  @Column('timestamptz') at: Date;
  @Column('jsonb') detail: Record<string, unknown>;
}

export const RUNTIME_ENTITIES = [
  CaseRow,
  TaskRow,
  HistoryRow,
  AuditRow,
  AuditAnchorRow,
  AuditVerificationRow,
  AuditChainRow,
  AuditAnchorLeafRow,
  TimerRow,
  CalendarYearRow,
  SlaMetricRow,
  StaffRow,
  IntegrityEventRow,
];
