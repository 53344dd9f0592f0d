import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ACCEPTANCE_OUTCOMES, DEPARTMENTS, Dept, PAUSE_REASONS, PauseReason, REVIEW_OUTCOMES, TaskOutcome } from '@permits/contracts/enums';

export const ALL_OUTCOMES = [...ACCEPTANCE_OUTCOMES, ...REVIEW_OUTCOMES] as const;

export class ListQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the page before' })
  @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;
}

export class TaskListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: ['open'], default: 'open' })
  @IsOptional() @IsIn(['open'])
  status?: 'open';
}

export class CompleteTaskDto {
  @ApiProperty({ enum: ALL_OUTCOMES, description: 'acceptance tasks: accept, request_correction, not_accept; others: approve, reject, return' })
  @IsIn(ALL_OUTCOMES)
  outcome: TaskOutcome;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  comment?: string;

  @ApiPropertyOptional({ type: [String], description: 'material codes to correct (request_correction)' })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(100, { each: true })
  corrections?: string[];

  @ApiPropertyOptional({ description: 'with return: an earlier step of the route (default: the previous one)' })
  @IsOptional() @IsString() @MaxLength(100)
  returnTo?: string;
}

export class DelegateTaskDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) toUserId: string;
}

export class SignersDto {
  @ApiPropertyOptional({ enum: DEPARTMENTS, isArray: true })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsIn(DEPARTMENTS, { each: true })
  add?: Dept[];

  @ApiPropertyOptional({ enum: DEPARTMENTS, isArray: true })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsIn(DEPARTMENTS, { each: true })
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

export class WithdrawDto {
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;
export class IdParam {
  @Matches(ID_PATTERN) id: string;
}

export class MigrateDto {
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) toVersion: number;
  @ApiPropertyOptional({ description: 'old step id → new step id; a step id present in both maps to itself' })
  @IsOptional() @IsObject() stepMapping?: Record<string, string>;
}

export class StartVerificationDto {
  @ApiPropertyOptional({ description: 'the id to run under (the gateway names one id for every service); default a new one' })
  @IsOptional() @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'id must be a UUID' })
  id?: string;
}
