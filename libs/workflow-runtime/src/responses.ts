import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPLICATION_STATUSES, DEPARTMENTS, LICENSE_TYPES, SLA_LEVELS } from '@permits/contracts/enums';

/**
 * The answers of the case services and the gateway's compositions, for the OpenAPI document (the portal's
 * typed client is generated from it). Each carries an example; they describe, they do not validate.
 */

export const EXAMPLE_APPLICATION_ID = '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e';
export const EXAMPLE_TASK_ID = 'dp_0193a5c3-1b2c-7d4e-8f90-a1b2c3d4e5f6';
export const EXAMPLE_CREDIT_CODE = '91310000MA1FL0XX2K';

export class LimitDto {
  @ApiProperty({ example: 20 }) days: number;
  @ApiProperty({ enum: ['working', 'calendar'], example: 'working' }) unit: 'working' | 'calendar';
}

export class SlaDto {
  @ApiProperty({ enum: ['not_started', 'running', 'paused', 'stopped'], example: 'running' }) clock: string;
  @ApiProperty({ type: LimitDto, nullable: true }) statutoryLimit: LimitDto | null;
  @ApiProperty({ type: LimitDto, nullable: true }) committedLimit: LimitDto | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-12-28' }) statutoryDeadline: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-12-14' }) committedDeadline: string | null;
  @ApiProperty({ example: 3, description: 'days counted toward the limit, in its unit, without paused spans' }) elapsedDays: number;
  @ApiProperty({ type: Number, nullable: true, example: 7 }) remainingDays: number | null;
  @ApiProperty({ type: Number, nullable: true, example: null, description: 'set once the clock stops: statutory limit minus elapsed days' }) daysSaved:
    number | null;
  @ApiProperty({ enum: SLA_LEVELS, example: 'green' }) level: string;
  @ApiPropertyOptional({ example: true, description: 'false when the working-day calendar does not yet cover every day counted' }) calendarComplete?: boolean;
}

export const SLA_EXAMPLE = {
  clock: 'running',
  statutoryLimit: { days: 20, unit: 'working' },
  committedLimit: { days: 10, unit: 'working' },
  statutoryDeadline: '2026-12-28',
  committedDeadline: '2026-12-14',
  elapsedDays: 3,
  remainingDays: 7,
  daysSaved: null,
  level: 'green',
  calendarComplete: true,
};

export class OpenTaskDto {
  @ApiProperty({ example: EXAMPLE_TASK_ID }) id: string;
  @ApiProperty({ example: 'review' }) kind: string;
  @ApiProperty({ enum: DEPARTMENTS, example: 'pollution' }) dept: string;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'staff only; null for an applicant' }) assignee: string | null;
}

export class HistoryLineDto {
  @ApiProperty({ format: 'date-time', example: '2026-11-30T02:15:00.000Z' }) at: string;
  @ApiProperty({ example: 'officer-pollution-1' }) actor: string;
  @ApiProperty({ example: 'task_completed' }) action: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, example: { step: 'review', outcome: 'approve' } }) detail?: Record<
    string,
    unknown
  > | null;
}

export class ApplicantDto {
  @ApiProperty({ example: EXAMPLE_CREDIT_CODE }) creditCode: string;
  @ApiProperty({ example: '上海示例化工有限公司' }) name: string;
}

const HISTORY_EXAMPLE = [
  { at: '2026-11-30T01:00:00.000Z', actor: 'applicant-1', action: 'submitted' },
  { at: '2026-11-30T02:15:00.000Z', actor: 'officer-window-1', action: 'task_completed', detail: { step: 'acceptance', outcome: 'accept' } },
];

/** The owner's view of a case: what every case command answers. */
export class CaseViewDto {
  @ApiProperty({ example: EXAMPLE_APPLICATION_ID }) id: string;
  @ApiProperty({ enum: APPLICATION_STATUSES, example: 'in_review' }) status: string;
  @ApiPropertyOptional({ example: 4, description: 'the case row version (optimistic locking)' }) version?: number;
  @ApiProperty({ enum: LICENSE_TYPES, example: 'discharge_permit' }) licenseType: string;
  @ApiProperty({ example: 'HB-002-01' }) subItemCode: string;
  @ApiProperty({ type: [OpenTaskDto] }) openTasks: OpenTaskDto[];
  @ApiProperty({ type: [HistoryLineDto] }) history: HistoryLineDto[];
  @ApiProperty({ type: SlaDto, nullable: true }) sla: SlaDto | null;
}

export const CASE_VIEW_EXAMPLE = {
  id: EXAMPLE_APPLICATION_ID,
  status: 'in_review',
  version: 4,
  licenseType: 'discharge_permit',
  subItemCode: 'HB-002-01',
  openTasks: [{ id: EXAMPLE_TASK_ID, kind: 'review', dept: 'pollution', assignee: null }],
  history: HISTORY_EXAMPLE,
  sla: SLA_EXAMPLE,
};

/** GET /applications/:id: intake's record, with the owning service's tasks, history and clock merged in by the gateway. */
export class ApplicationDto extends CaseViewDto {
  @ApiProperty({ type: ApplicantDto }) applicant: ApplicantDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'the project as filed (staff also see routing facts the catalog added)',
    example: { name: '年产 5 万吨精细化工项目', code: '2026-310000-26-03-000001', industryCode: 'C2661', location: '上海市金山区', investment: 12000 },
  })
  project: Record<string, unknown>;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    example: [{ code: 'M01', fileName: 'application-form.pdf', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }],
  })
  materials: Record<string, unknown>[];
  @ApiProperty({
    enum: ['portal', 'counter', 'national'],
    example: 'portal',
    description: 'portal: filed online by the applicant; counter: by the window at the service hall (onBehalfOf); national: a national EIA declaration',
  })
  channel: string;
  @ApiProperty({
    enum: ['intake', 'eia-review', 'discharge-permit', 'supervision'],
    example: 'discharge-permit',
    description: 'the service that holds the case',
  })
  owner: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-11-30' }) receivedOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-11-30' }) acceptedOn: string | null;
  @ApiPropertyOptional({ example: 'PW-2026-000001', description: 'a filing answered at once: its number' }) filingNo?: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T01:00:00.000Z' }) createdAt: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: "staff only: a national declaration's classification check" })
  classificationCheck?: Record<string, unknown>;
}

export const APPLICATION_EXAMPLE = {
  ...CASE_VIEW_EXAMPLE,
  applicant: { creditCode: EXAMPLE_CREDIT_CODE, name: '上海示例化工有限公司' },
  project: { name: '年产 5 万吨精细化工项目', code: '2026-310000-26-03-000001', industryCode: 'C2661', location: '上海市金山区', investment: 12000 },
  materials: [{ code: 'M01', fileName: 'application-form.pdf', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }],
  channel: 'portal',
  owner: 'discharge-permit',
  receivedOn: '2026-11-30',
  acceptedOn: '2026-11-30',
  createdAt: '2026-11-30T01:00:00.000Z',
};

/** What a task command answers. */
export class TaskAnswerDto {
  @ApiProperty({ example: EXAMPLE_TASK_ID }) id: string;
  @ApiProperty({ example: EXAMPLE_APPLICATION_ID }) applicationId: string;
  @ApiProperty({ enum: ['open', 'completed', 'cancelled'], example: 'completed' }) status: string;
  @ApiProperty({ type: String, nullable: true, example: 'approve' }) outcome: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'officer-pollution-1' }) assignee: string | null;
}

export const TASK_ANSWER_EXAMPLE = {
  id: EXAMPLE_TASK_ID,
  applicationId: EXAMPLE_APPLICATION_ID,
  status: 'completed',
  outcome: 'approve',
  assignee: 'officer-pollution-1',
};

export class AuditEntryDto {
  @ApiProperty({ example: '1024', description: "the entry's number in the whole audit log (a bigint, sent as a string)" }) id: string;
  @ApiProperty({ example: 3, description: 'position in the case chain, from 1' }) seq: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T02:15:00.000Z' }) at: string;
  @ApiProperty({ example: 'officer-window-1' }) actor: string;
  @ApiProperty({ example: 'task_completed' }) action: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { taskId: 'in_0193a5c2-7a00-7000-8000-000000000001', outcome: 'accept' } })
  payload: Record<string, unknown>;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '5d41402abc4b2a76b9719d911017c592ae6c6f1e3a0b1f2c4d5e6f708192a3b4',
    description: "the hash of the case's entry before; null for its first",
  })
  prevHash: string | null;
  @ApiProperty({ example: '7c222fb2927d828af22f592134e8932480637c0d5d41402abc4b2a76b9719d91' }) hash: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export const AUDIT_PAGE_EXAMPLE = {
  items: [
    {
      id: '1024',
      seq: 3,
      at: '2026-11-30T02:15:00.000Z',
      actor: 'officer-window-1',
      action: 'task_completed',
      payload: { taskId: 'in_0193a5c2-7a00-7000-8000-000000000001', outcome: 'accept' },
      prevHash: '5d41402abc4b2a76b9719d911017c592ae6c6f1e3a0b1f2c4d5e6f708192a3b4',
      hash: '7c222fb2927d828af22f592134e8932480637c0d5d41402abc4b2a76b9719d91',
    },
  ],
  nextCursor: null,
};

export const AUDIT_CSV_EXAMPLE =
  'seq,at,actor,action,payload,prevHash,hash\n3,2026-11-30T02:15:00.000Z,officer-window-1,task_completed,"{""outcome"":""accept""}",5d41…,7c22…\n';

export class AuditVerifyDto {
  @ApiProperty({ type: Boolean, nullable: true, example: true, description: 'null (202) while the first background verification of a large store runs' }) ok:
    boolean | null;
  @ApiPropertyOptional({ example: 5210 }) entries?: number;
  @ApiPropertyOptional({ example: 'case:0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e', description: 'where the chain breaks (case:<id>, anchor:<seq>, or an entry)' })
  brokenAt?: string;
  @ApiPropertyOptional({ example: 'discharge-permit', description: 'the service whose store is broken' }) service?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'a large store: when the answered verification finished' }) verifiedAt?: string;
  @ApiPropertyOptional({ example: 'the store is large: POST /api/v1/audit/verifications and follow its progress' }) message?: string;
}

export class VerificationProgressDto {
  @ApiProperty({ example: 5210 }) checked: number;
  @ApiProperty({ example: 5210 }) total: number;
}

export class VerificationDto {
  @ApiProperty({ format: 'uuid', example: '3f6b1c9e-2a4d-4f8e-9b7a-1c2d3e4f5a6b' }) id: string;
  @ApiProperty({ enum: ['running', 'done', 'failed'], example: 'done' }) status: string;
  @ApiPropertyOptional({ type: VerificationProgressDto }) progress?: VerificationProgressDto;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, example: { ok: true, entries: 5210 } }) result?: Record<
    string,
    unknown
  > | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: null }) error?: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-30T03:00:00.000Z' }) startedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-30T03:00:04.000Z' }) finishedAt: string | null;
}

export const VERIFICATION_EXAMPLE = {
  id: '3f6b1c9e-2a4d-4f8e-9b7a-1c2d3e4f5a6b',
  status: 'done',
  progress: { checked: 5210, total: 5210 },
  result: { ok: true, entries: 5210 },
  error: null,
  startedAt: '2026-11-30T03:00:00.000Z',
  finishedAt: '2026-11-30T03:00:04.000Z',
};

export class SlaByLicenseTypeDto {
  @ApiProperty({ enum: LICENSE_TYPES, example: 'discharge_permit' }) licenseType: string;
  @ApiProperty({ example: 40 }) closed: number;
  @ApiProperty({ example: 38 }) decided: number;
  @ApiProperty({ type: Number, nullable: true, example: 6.5 }) avgElapsedDays: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 13.5 }) avgDaysSaved: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.97 }) withinCommittedShare: number | null;
}

export class SlaLevelsDto {
  @ApiProperty({ example: 120 }) green: number;
  @ApiProperty({ example: 8 }) yellow: number;
  @ApiProperty({ example: 1 }) red: number;
}

export class SlaOverviewDto {
  @ApiProperty({ type: SlaLevelsDto, description: 'open cases by level' }) open: SlaLevelsDto;
  @ApiProperty({ example: 3, description: 'open cases whose clock is paused' }) paused: number;
  @ApiProperty({ type: [SlaByLicenseTypeDto] }) byLicenseType: SlaByLicenseTypeDto[];
}

export const SLA_OVERVIEW_EXAMPLE = {
  open: { green: 120, yellow: 8, red: 1 },
  paused: 3,
  byLicenseType: [{ licenseType: 'discharge_permit', closed: 40, decided: 38, avgElapsedDays: 6.5, avgDaysSaved: 13.5, withinCommittedShare: 0.97 }],
};

export const TASK_PAGE_EXAMPLE = {
  items: [
    {
      id: EXAMPLE_TASK_ID,
      applicationId: EXAMPLE_APPLICATION_ID,
      caseId: EXAMPLE_APPLICATION_ID,
      kind: 'review',
      dept: 'pollution',
      assignee: null,
      dueDate: '2026-12-14',
      slaLevel: 'green',
      createdAt: '2026-11-30T02:15:00.000Z',
      outcome: null,
      completedAt: null,
      completedBy: null,
    },
  ],
  nextCursor: null,
};

export const CASE_DIAGRAM_EXAMPLE = {
  applicationId: EXAMPLE_APPLICATION_ID,
  definitionKey: 'discharge_permit',
  definitionVersion: 1,
  currentStepId: 'review',
  pastStepIds: ['management-category'],
  currentStepIds: ['review'],
  nodes: [
    { id: '@start', kind: 'start', label: 'discharge_permit v1', state: 'pending' },
    { id: 'management-category', kind: 'gateway', label: 'management-category', state: 'done' },
    { id: 'review', kind: 'task', label: 'review', detail: 'review · pollution', state: 'current' },
  ],
  edges: [
    { from: '@start', to: 'management-category' },
    { from: 'management-category', to: 'review', label: 'otherwise' },
  ],
  mermaid: 'flowchart TD\n  s0{"management-category"}\n  s1["review"]\n  s0 --> s1\n  classDef current fill:#fde68a\n  class s1 current\n  class s0 done',
};
