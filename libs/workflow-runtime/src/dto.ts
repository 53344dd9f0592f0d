import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import {
  ACCEPTANCE_OUTCOMES,
  DEPARTMENTS,
  Dept,
  LICENSE_TYPES,
  LicenseType,
  PAUSE_REASONS,
  PauseReason,
  REVIEW_OUTCOMES,
  SLA_LEVELS,
  SlaLevel,
  TaskOutcome,
} from '@permits/contracts/enums';
import { DiagramEdgeDto, DiagramNodeDto } from './diagram.dto';

export const ALL_OUTCOMES = [...ACCEPTANCE_OUTCOMES, ...REVIEW_OUTCOMES] as const;

export class ListQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the page before' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export const TASK_LIST_STATUSES = ['open', 'completed'] as const;
export const TASK_SORTS = ['createdAt', 'completedAt', 'dueDate'] as const;

export class TaskListQuery extends ListQuery {
  @ApiPropertyOptional({
    enum: TASK_LIST_STATUSES,
    default: 'open',
    description: "open: the caller's department's and the caller's open tasks; completed: the tasks the caller or the caller's department completed (已办)",
  })
  @IsOptional()
  @IsIn(TASK_LIST_STATUSES)
  status?: (typeof TASK_LIST_STATUSES)[number];

  @ApiPropertyOptional({
    enum: TASK_SORTS,
    description:
      'default: createdAt (newest first) for open tasks, completedAt (latest first) for completed ones; dueDate: soonest due first, tasks without a due date last',
  })
  @IsOptional()
  @IsIn(TASK_SORTS)
  sort?: (typeof TASK_SORTS)[number];

  @ApiPropertyOptional({ example: 'review', description: 'task kind (acceptance, review, countersign, decision or a kind a definition names)' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,63}$/)
  kind?: string;

  @ApiPropertyOptional({ enum: SLA_LEVELS })
  @IsOptional()
  @IsIn(SLA_LEVELS)
  slaLevel?: SlaLevel;

  @ApiPropertyOptional({
    enum: LICENSE_TYPES,
    example: 'discharge_permit',
    description: "the case's licence type (supervision cases: other); with status=completed too",
  })
  @IsOptional()
  @IsIn(LICENSE_TYPES)
  licenseType?: LicenseType;

  @ApiPropertyOptional({ example: 'app_01JD3Q4ZK8T0V5B6N7M8P9R0S1' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/)
  applicationId?: string;
}

export class TaskItemDto {
  @ApiProperty({ example: 'dp_01JD3Q6W2C4E5F6G7H8J9K0L1M' }) id: string;
  @ApiProperty({ example: 'app_01JD3Q4ZK8T0V5B6N7M8P9R0S1' }) applicationId: string;
  @ApiProperty({
    example: 'app_01JD3Q4ZK8T0V5B6N7M8P9R0S1',
    description:
      'the case the task belongs to (a licence: its applicationId; an inspection, alarm verification or penalty: the supervision case); GET /api/v1/cases/{caseId} opens it',
  })
  caseId: string;
  @ApiProperty({ example: 'review' }) kind: string;
  @ApiProperty({ enum: DEPARTMENTS, example: 'pollution' }) dept: Dept;
  @ApiProperty({ type: String, nullable: true, example: null }) assignee: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-12-14',
    description:
      "YYYY-MM-DD, Asia/Shanghai: a countersign 7 working days after it opened, an acceptance task the acceptance limit's last day, any other the case's committed deadline",
  })
  dueDate: string | null;
  @ApiProperty({ enum: SLA_LEVELS, example: 'green' }) slaLevel: SlaLevel;
  @ApiProperty({ example: '2026-11-30T02:15:00.000Z' }) createdAt: string;
  @ApiProperty({ type: String, enum: [...ALL_OUTCOMES, null], nullable: true, example: 'approve', description: 'completed tasks only' })
  outcome: TaskOutcome | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-02T08:40:00.000Z', description: 'completed tasks only' }) completedAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'u-officer-1', description: 'who completed it (completed tasks only)' }) completedBy: string | null;
}

export class TaskPageDto {
  @ApiProperty({ type: [TaskItemDto] }) items: TaskItemDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export class CompleteTaskDto {
  @ApiProperty({ enum: ALL_OUTCOMES, description: 'acceptance tasks: accept, request_correction, not_accept; others: approve, reject, return' })
  @IsIn(ALL_OUTCOMES)
  outcome: TaskOutcome;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  @ApiPropertyOptional({ type: [String], description: 'material codes to correct (request_correction)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  corrections?: string[];

  @ApiPropertyOptional({ description: 'with return: an earlier step of the route (default: the previous one)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  returnTo?: string;
}

export class DelegateTaskDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) toUserId: string;
}

export class SignersDto {
  @ApiPropertyOptional({ enum: DEPARTMENTS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(DEPARTMENTS, { each: true })
  add?: Dept[];

  @ApiPropertyOptional({ enum: DEPARTMENTS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(DEPARTMENTS, { each: true })
  remove?: Dept[];
}

export class SuspendClockDto {
  @ApiProperty({ enum: PAUSE_REASONS }) @IsIn(PAUSE_REASONS) reason: PauseReason;
  @ApiProperty({ minimum: 1, maximum: 365 }) @IsInt() @Min(1) @Max(365) expectedDays: number;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class ResumeClockDto {
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class ExtensionDto {
  @ApiProperty({ minimum: 1, maximum: 10, example: 10, description: 'working days added to the statutory deadline' }) @IsInt() @Min(1) @Max(10) days: number;
  @ApiProperty({ maxLength: 2000 }) @IsString() @MinLength(1) @MaxLength(2000) reason: string;
}

/** A recusal (回避) declared on a case: the reason stays with the bureau (history and audit, never the applicant's view). */
export class RecusalDto {
  @ApiProperty({ maxLength: 2000, example: '本人曾在该企业任职' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}

export class WithdrawDto {
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;
export class IdParam {
  @ApiProperty({
    pattern: ID_PATTERN.source,
    example: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e',
    description: 'an application id, or a task id with its service prefix (in_, ea_, dp_, su_)',
  })
  @Matches(ID_PATTERN)
  id: string;
}

export class MigrateDto {
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) toVersion: number;
  @ApiPropertyOptional({ description: 'old step id → new step id; a step id present in both maps to itself' })
  @IsOptional()
  @IsObject()
  stepMapping?: Record<string, string>;
}

export class StartVerificationDto {
  @ApiPropertyOptional({ description: 'the id to run under (the gateway names one id for every service); default a new one' })
  @IsOptional()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'id must be a UUID' })
  id?: string;
}

export class AuditQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class CaseDiagramDto {
  @ApiProperty({ example: 'app_01JD3Q4ZK8T0V5B6N7M8P9R0S1' }) applicationId: string;
  @ApiProperty({ example: 'discharge_permit' }) definitionKey: string;
  @ApiProperty({ example: 1 }) definitionVersion: number;
  @ApiProperty({ example: 'countersign' }) currentStepId: string;
  @ApiProperty({ type: [String], example: ['management-category', 'review'] }) pastStepIds: string[];
  @ApiProperty({
    description: 'Mermaid flowchart; classes current and done mark the steps',
    example: 'flowchart TD\n  start(("discharge_permit v1"))\n  s0{"management-category"}\n  start --> s0\n  classDef current fill:#fde68a\n  class s0 current',
  })
  mermaid: string;
  @ApiProperty({ type: [String], description: "the steps the case is at now (the graph's current nodes)", example: ['countersign'] })
  currentStepIds: string[];
  @ApiProperty({ type: [DiagramNodeDto], description: 'the start node and one node per step of the definition' }) nodes: DiagramNodeDto[];
  @ApiProperty({ type: [DiagramEdgeDto], description: 'one edge per exit of a step' }) edges: DiagramEdgeDto[];
}
