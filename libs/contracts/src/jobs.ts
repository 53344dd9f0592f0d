import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIsoDate } from '@permits/core';
import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import {
  APPLICATION_STATUSES,
  ApplicationStatus,
  DEPARTMENTS,
  Dept,
  LICENSE_TYPES,
  LicenseType,
  LIMIT_UNITS,
  LimitUnit,
  NOTIFICATION_KINDS,
  NotificationKind,
  REGISTRATION_ACTIONS,
  RegistrationAction,
  SLA_LEVELS,
  SlaLevel,
} from './enums';

/**
 * The wire between our services (STYLE.md "The wire is a library"). Queue and job names never change:
 * a new shape gets a new name (`.v2`). Every payload is a validated class; jobs carry ids and a few facts,
 * Postgres carries state.
 */
export const Queues = {
  Intake: 'intake',
  EiaReview: 'eia-review',
  DischargePermit: 'discharge-permit',
  Notification: 'notification',
  /** The supervision service: the permit register's changes, its own timers and system steps. */
  Supervision: 'supervision',
  /** Status pushes to the national EIA system, made by eia-review's worker (HTTP out, retried for days). */
  NationalEia: 'national-eia',
  /** notification → itself: one e-mail or SMS delivery per job, retried with backoff (dead letters stay failed). */
  NotificationDelivery: 'notification-delivery',
  /**
   * Every case service → the gateway's task index (the inbox read model, issue 26 lever 3): each change of a row of
   * a case service's `tasks` (or of its case's SLA fields), written to the outbox by a trigger in the same transaction.
   */
  TaskIndex: 'task-index',
} as const;
export type QueueName = (typeof Queues)[keyof typeof Queues];
export const QUEUE_NAMES: readonly QueueName[] = Object.values(Queues);

export interface JobDef<P extends object> {
  name: string;
  queue: QueueName;
  payload: new () => P;
}
const job = <P extends object>(name: string, queue: QueueName, payload: new () => P): JobDef<P> => ({ name, queue, payload });

export class LimitV1 {
  @IsInt() @Min(0) days!: number;
  @IsIn(LIMIT_UNITS) unit!: LimitUnit;
}

export class ApplicantV1 {
  @IsString() creditCode!: string;
  @IsString() name!: string;
  @IsString() userId!: string;
}

/** intake → owning service: an accepted case changes hands. */
export class CaseHandoverV1 {
  @IsString() applicationId!: string;
  @IsString() correlationId!: string;
  @IsIn(LICENSE_TYPES) licenseType!: LicenseType;
  @IsString() subItemCode!: string;
  @ValidateNested() @Type(() => ApplicantV1) applicant!: ApplicantV1;
  @IsObject() project!: Record<string, unknown>;
  /** The acceptance day (Asia/Shanghai); the clock counts from the next day. */
  @IsIsoDate() acceptedOn!: string;
  @ValidateNested() @Type(() => LimitV1) statutoryLimit!: LimitV1;
  @ValidateNested() @Type(() => LimitV1) committedLimit!: LimitV1;
  @IsOptional() @IsInt() yellowWithinDays?: number;
  /** Facts for gateways in the licence's workflow (EIA category, management class, …). */
  @IsObject() data!: Record<string, unknown>;
}

/** owning service → intake: the case's status changed (feeds lists and reports). */
export class CaseStatusChangedV1 {
  @IsString() applicationId!: string;
  @IsString() correlationId!: string;
  @IsIn(APPLICATION_STATUSES) status!: ApplicationStatus;
  @IsISO8601() at!: string;
  @IsOptional() @IsNumber() elapsedDays?: number;
  @IsOptional() @IsNumber() daysSaved?: number;
  @IsOptional() withinCommitted?: boolean;
  /** With a final status: the counted days up to the committed deadline in force (elapsedDays + remainingDays on the decision day). */
  @IsOptional() @IsNumber() committedDaysInForce?: number;
  /** With a final status: the number of what was granted (permit, certificate, registration or filing number), published with the decision. */
  @IsOptional() @IsString() decisionNo?: string;
}

export class RecipientsV1 {
  @IsOptional() @IsArray() @IsString({ each: true }) userIds?: string[];
  @IsOptional() @IsArray() @IsIn(DEPARTMENTS, { each: true }) depts?: Dept[];
  /** enterprises, by unified social credit code */
  @IsOptional() @IsArray() @IsString({ each: true }) creditCodes?: string[];
  /** every user with this role (e.g. heads for sla_red) */
  @IsOptional() @IsArray() @IsString({ each: true }) roles?: string[];
}

/** anyone → notification: tell people something happened to a case. */
export class NotifyV1 {
  @IsIn(NOTIFICATION_KINDS) kind!: NotificationKind;
  @IsString() applicationId!: string;
  @IsString() correlationId!: string;
  @ValidateNested() @Type(() => RecipientsV1) recipients!: RecipientsV1;
  @IsOptional() @IsObject() data?: Record<string, unknown>;
}

/** notification → its own worker: send one stored delivery (e-mail, SMS) of a stored notification. */
export class DeliverV1 {
  @IsString() deliveryId!: string;
  @IsString() correlationId!: string;
}

/** A service runs a system step of one of its own cases (certificate, permit number) and replies to the engine. */
export class SystemStepV1 {
  @IsString() caseId!: string;
  @IsString() correlationId!: string;
  @IsString() stepId!: string;
  @IsInt() round!: number;
  @IsString() job!: string;
}

/** A timer of one of the service's own cases fell due (see the timers table: the truth is in Postgres). */
export class TimerDueV1 {
  @IsString() timerId!: string;
  @IsString() correlationId!: string;
}

/** A document of a filed application: what the applicant named, and the hash of the file. */
export class MaterialV1 {
  @IsString() code!: string;
  @IsString() fileName!: string;
  @Matches(/^[0-9a-f]{64}$/) sha256!: string;
  /** Where the file is held when not in our file store (e.g. 'national-eia': the national system holds it). */
  @IsOptional() @IsString() heldBy?: string;
}

/**
 * intake → discharge-permit: a discharge registration was filed and answered at once (HB-006-01): the register
 * records the first registration under the number intake gave it, or applies the change or cancellation to it.
 */
export class RegistrationFiledV1 {
  @IsString() applicationId!: string;
  @IsString() correlationId!: string;
  @Matches(/^DJ-\d{4}-\d{6}$/) registrationNo!: string;
  @IsIn(REGISTRATION_ACTIONS) action!: RegistrationAction;
  @ValidateNested() @Type(() => ApplicantV1) applicant!: ApplicantV1;
  /** The filing day (Asia/Shanghai). */
  @IsIsoDate() filedOn!: string;
  /** location (the address), changes (a change's new holder facts) */
  @IsObject() project!: Record<string, unknown>;
}

/**
 * intake → discharge-permit: a renewal of a licence in the register was filed (in the submission's transaction). The
 * register knows from it, wherever the case stands (still at the window included), that a timely renewal is pending
 * when the licence ends (Administrative License Law art. 50: deemed granted).
 */
export class RenewalFiledV1 {
  @IsString() applicationId!: string;
  @IsString() correlationId!: string;
  @Matches(/^[A-Z]{2}-\d{4}-\d{6}$/) permitNo!: string;
  @IsString() creditCode!: string;
  /** The filing day (Asia/Shanghai). */
  @Matches(/^\d{4}-\d{2}-\d{2}$/) filedOn!: string;
}

/** intake → discharge-permit: a renewal ended at the window without reaching the register's service (not accepted, withdrawn). */
export class RenewalEndedV1 {
  @IsString() applicationId!: string;
  @IsString() correlationId!: string;
  @IsIn(['not_accepted', 'withdrawn']) status!: 'not_accepted' | 'withdrawn';
}

/** discharge-permit → intake: a renewal still at the window was deemed granted when the licence ended: intake closes it approved. */
export class RenewalDeemedV1 {
  @IsString() applicationId!: string;
  @IsString() correlationId!: string;
  @Matches(/^[A-Z]{2}-\d{4}-\d{6}$/) permitNo!: string;
  /** The deemed validity's end. */
  @Matches(/^\d{4}-\d{2}-\d{2}$/) validTo!: string;
}

/** The channel (intake's `applications.channel`) of applications the national EIA system declared. */
export const NATIONAL_EIA_CHANNEL = 'national-eia';

/**
 * eia-review → intake: the national EIA system declared a project (already mapped to our catalog by
 * eia-review's mapper); intake files it as an application under the given id and opens its acceptance case.
 */
export class DeclarationReceivedV1 {
  @IsString() applicationId!: string;
  @IsString() correlationId!: string;
  @IsString() declarationId!: string;
  /** 'national-eia' */
  @IsString() channel!: string;
  @IsString() subItemCode!: string;
  @ValidateNested() @Type(() => ApplicantV1) applicant!: ApplicantV1;
  /** name, code, industryCode, location, investment, eiaCategory, classificationCheck (eia-review: the declared category against the directory in force; for staff only) */
  @IsObject() project!: Record<string, unknown>;
  @IsArray() @ValidateNested({ each: true }) @Type(() => MaterialV1) materials!: MaterialV1[];
  /** When the declaration arrived (eia-review's clock): the application's receipt date. */
  @IsISO8601() receivedAt!: string;
}

/** intake or eia-review → eia-review's worker: push an application's new status to the national EIA system. */
export class NationalEiaStatusV1 {
  @IsString() applicationId!: string;
  @IsString() correlationId!: string;
  @IsIn(APPLICATION_STATUSES) status!: ApplicationStatus;
  /** When the status changed (the service clock of the change): the national side orders pushes by it. */
  @IsISO8601() at!: string;
}

/**
 * intake → every case-holding service (intake itself included): an administrator loaded a year's
 * working-day schedule. Each service stores it in its own schema (a higher revision replaces a lower
 * one, so a late redelivery never undoes a correction) and moves its open cases' deadlines.
 */
export class CalendarYearLoadedV1 {
  @IsInt() @Min(2000) @Max(2100) year!: number;
  @IsString() correlationId!: string;
  /** Days off (holidays and the rest days of their blocks), YYYY-MM-DD. */
  @IsArray() @IsIsoDate({ each: true }) holidays!: string[];
  /** Adjusted working weekends (调休上班), YYYY-MM-DD. */
  @IsArray() @IsIsoDate({ each: true }) workdays!: string[];
  @IsString() source!: string;
  /** +1 on every load of this year at intake. */
  @IsInt() @Min(1) revision!: number;
  @IsISO8601() loadedAt!: string;
  @IsString() loadedBy!: string;
}

/**
 * discharge-permit → supervision: a permit or registration was issued, renewed, changed, cancelled or
 * expired. Supervision keeps its register of regulated entities in step from these alone.
 */
export class PermitRegisterChangedV1 {
  @IsString() permitNo!: string;
  @IsString() correlationId!: string;
  @IsIn(['issued', 'renewed', 'changed', 'cancelled', 'expired', 'revoked']) action!: 'issued' | 'renewed' | 'changed' | 'cancelled' | 'expired' | 'revoked';
  @IsString() creditCode!: string;
  @IsString() holderName!: string;
  @IsIn(LICENSE_TYPES) licenseType!: LicenseType;
  @IsOptional() @IsString() managementCategory?: string | null;
  /** The permit's status after the change: valid, expiring, expired, cancelled, revoked. */
  @IsString() status!: string;
  /** null: a grant with no validity period (a WEEE qualification, a dismantling approval). */
  @IsOptional() @IsIsoDate() validTo!: string | null;
  @IsISO8601() at!: string;
}

/**
 * intake (the staff directory's owner) → every other case-holding service: an administrator put one entry of
 * the staff directory. Each service keeps its own copy (a higher revision replaces a lower one, so a late
 * redelivery never undoes a later change) and its duty policy reads only that copy.
 */
export class StaffChangedV1 {
  @IsString() userId!: string;
  @IsString() correlationId!: string;
  @IsString() name!: string;
  @IsIn(DEPARTMENTS) dept!: Dept;
  @IsArray() @IsIn(['officer', 'head'], { each: true }) roles!: ('officer' | 'head')[];
  @IsBoolean() active!: boolean;
  /** Unified social credit codes of the enterprises this person must stand aside from. */
  @IsArray() @IsString({ each: true }) conflicts!: string[];
  /** +1 on every change of this entry at intake. */
  @IsInt() @Min(1) revision!: number;
  @IsISO8601() changedAt!: string;
  @IsString() changedBy!: string;
}

/**
 * A service's worker → itself, made by a BullMQ job scheduler (id = the job's name) every period: run a piece of
 * scheduled work. No facts: the handler re-reads PostgreSQL and is idempotent (see libs/queue's scheduled jobs).
 */
export class ScheduleTickV1 {}

const perService = <P extends object>(name: string, payload: new () => P) => ({
  intake: job(name, Queues.Intake, payload),
  eia: job(name, Queues.EiaReview, payload),
  discharge: job(name, Queues.DischargePermit, payload),
  supervision: job(name, Queues.Supervision, payload),
});

const TASK_ID = /^(in|ea|dp|su)_[A-Za-z0-9_.:-]{1,200}$/;

/**
 * A task's state as its service's `tasks` row (and its case's SLA fields) holds it after a committed change: open with
 * what the inbox lists, or gone from the open inbox (completed, cancelled, deleted). `version` orders the changes of
 * one task (a per-schema sequence drawn under the row's lock): an older one never overwrites a newer.
 */
export class TaskIndexChangedV1 {
  @Matches(TASK_ID) taskId!: string;
  @IsInt() @Min(1) version!: number;
  @IsBoolean() open!: boolean;
  @IsOptional() @IsString() @Matches(/^.{1,200}$/s) caseId?: string;
  @IsOptional() @IsString() @Matches(/^.{1,100}$/s) kind?: string;
  @IsOptional() @IsIn(DEPARTMENTS) dept?: Dept;
  @IsOptional() @IsString() @Matches(/^.{1,200}$/s) assignee?: string | null;
  @IsOptional() @IsIsoDate() dueDate?: string | null;
  @IsOptional() @IsISO8601({ strict: true }) createdAt?: string;
  @IsOptional() @IsIn(SLA_LEVELS) slaLevel?: SlaLevel;
  @IsOptional() @IsInt() @Min(0) @Max(365) yellowWithinDays?: number;
  /** The case's licence type (supervision's cases carry their own kinds): the inbox's `licenseType` filter. */
  @IsOptional() @IsString() @Matches(/^[a-z_]{1,60}$/) licenseType?: string;
}

export const Jobs = {
  /** a case service's trigger → the gateway's task index */
  TaskIndexChanged: job('task-index.changed.v1', Queues.TaskIndex, TaskIndexChangedV1),
  SystemStep: perService('workflow.system-step.v1', SystemStepV1),
  TimerDue: perService('workflow.timer-due.v1', TimerDueV1),
  CalendarYearLoaded: perService('calendar.year-loaded.v1', CalendarYearLoadedV1),
  CaseHandover: { eia: job('case.handover.v1', Queues.EiaReview, CaseHandoverV1), discharge: job('case.handover.v1', Queues.DischargePermit, CaseHandoverV1) },
  CaseStatusChanged: job('case.status-changed.v1', Queues.Intake, CaseStatusChangedV1),
  Notify: job('notification.requested.v1', Queues.Notification, NotifyV1),
  DeclarationReceived: job('intake.declaration-received.v1', Queues.Intake, DeclarationReceivedV1),
  NationalEiaStatus: job('national-eia.status-changed.v1', Queues.NationalEia, NationalEiaStatusV1),
  Deliver: job('notification.deliver.v1', Queues.NotificationDelivery, DeliverV1),
  RegistrationFiled: job('permits.registration-filed.v1', Queues.DischargePermit, RegistrationFiledV1),
  RenewalFiled: job('permits.renewal-filed.v1', Queues.DischargePermit, RenewalFiledV1),
  RenewalEnded: job('permits.renewal-ended.v1', Queues.DischargePermit, RenewalEndedV1),
  RenewalDeemed: job('intake.renewal-deemed.v1', Queues.Intake, RenewalDeemedV1),
  PermitRegisterChanged: job('supervision.permit-register-changed.v1', Queues.Supervision, PermitRegisterChangedV1),
  StaffChanged: perService('staff.changed.v1', StaffChangedV1),
  /** intake's worker, every UPLOAD_SWEEP_SECONDS: remove unreferenced uploads. */
  UploadSweep: job('schedule.upload-sweep.v1', Queues.Intake, ScheduleTickV1),
  /** each case service's worker, every AUDIT_ANCHOR_SECONDS: anchor the audit chain heads. */
  AuditAnchor: perService('schedule.audit-anchor.v1', ScheduleTickV1),
  /** each case service's worker, every RECONCILE_MS: reconcile timers with PostgreSQL. */
  TimerReconcile: perService('schedule.timer-reconcile.v1', ScheduleTickV1),
  /** each worker with a relay, every 10 minutes: delete published outbox rows and inbox rows past MESSAGE_RETENTION_HOURS. */
  OutboxPrune: {
    ...perService('schedule.outbox-prune.v1', ScheduleTickV1),
    notification: job('schedule.outbox-prune.v1', Queues.Notification, ScheduleTickV1),
  },
} as const;
