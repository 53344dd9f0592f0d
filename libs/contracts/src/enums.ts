// Enumerations fixed by the portal API contract (../shared/API.md). Never rename a value: portals depend on them.

export const ROLES = ['applicant', 'officer', 'head', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const DEPARTMENTS = ['window', 'approval', 'eia', 'pollution', 'monitoring', 'enforcement', 'legal', 'radiation', 'solid_waste'] as const;
export type Dept = (typeof DEPARTMENTS)[number];

export const LICENSE_TYPES = [
  'eia_approval',
  'discharge_permit',
  'hazardous_waste',
  'radiation_safety',
  'weee_processing',
  'facility_dismantle',
  'other',
] as const;
export type LicenseType = (typeof LICENSE_TYPES)[number];

export const SUB_ITEM_KINDS = ['new', 'change', 'renewal', 'cancellation', 'filing'] as const;
export type SubItemKind = (typeof SUB_ITEM_KINDS)[number];

export const LIMIT_UNITS = ['working', 'calendar'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

export interface Limit {
  days: number;
  unit: LimitUnit;
}

export const APPLICATION_STATUSES = ['submitted', 'correction_requested', 'not_accepted', 'accepted', 'in_review', 'approved', 'denied', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const TASK_KINDS = ['acceptance', 'review', 'countersign', 'decision'] as const;

export const ACCEPTANCE_OUTCOMES = ['accept', 'request_correction', 'not_accept'] as const;
export type AcceptanceOutcome = (typeof ACCEPTANCE_OUTCOMES)[number];
export const REVIEW_OUTCOMES = ['approve', 'reject', 'return'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
export type TaskOutcome = AcceptanceOutcome | ReviewOutcome;

export const PAUSE_REASONS = ['expert_review', 'technical_assessment', 'hearing', 'inspection_testing', 'public_notice'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export const CLOCK_STATES = ['not_started', 'running', 'paused', 'stopped'] as const;
export type ClockStatus = (typeof CLOCK_STATES)[number];

export const SLA_LEVELS = ['green', 'yellow', 'red'] as const;
export type SlaLevel = (typeof SLA_LEVELS)[number];

export const NOTIFICATION_KINDS = [
  'task_assigned',
  'sla_yellow',
  'sla_red',
  'correction_requested',
  'clock_suspended',
  'clock_extended',
  'decision',
  'permit_expiring',
  'inspection_assigned',
  'monitoring_alarm',
  'penalty_notice',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const EIA_CATEGORIES = ['report_book', 'report_table', 'registration', 'exempt'] as const;
export type EiaCategory = (typeof EIA_CATEGORIES)[number];

export const MANAGEMENT_CATEGORIES = ['key', 'simplified', 'registration'] as const;
export type ManagementCategory = (typeof MANAGEMENT_CATEGORIES)[number];

/** A discharge registration filing (HB-006-01): the first registration, or a change or cancellation of one. */
/** A discharge registration filing: the first one, or a change, cancellation or renewal (延续登记) of one, which keeps its number. */
export const REGISTRATION_ACTIONS = ['first', 'change', 'cancellation', 'renewal'] as const;
export type RegistrationAction = (typeof REGISTRATION_ACTIONS)[number];
