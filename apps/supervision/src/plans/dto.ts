import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { NestedObject } from '@permits/contracts/validation';
import { ListQuery } from '@permits/workflow-runtime';

export class RatiosDto {
  @ApiProperty({ minimum: 0, maximum: 1 }) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1) key: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1) general: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1) positiveList: number;
}

/**
 * A plan to draw. There is no `seed`: the service draws it (API.md "Supervision"), and the validation pipe
 * refuses every field not declared here, so a `seed` in the body is a 400.
 */
export class CreatePlanDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ example: '2026-Q3' }) @Matches(/^\d{4}-Q[1-4]$/, { message: 'period must look like 2026-Q3' }) period: string;
  @ApiProperty({ type: RatiosDto, description: 'not below the bureau minimums (SUPERVISION_MIN_RATIOS): 400 names the ratio' })
  @NestedObject(() => RatiosDto)
  ratios: RatiosDto;
  @ApiProperty({ minimum: 2, maximum: 10 }) @IsInt() @Min(2) @Max(10) inspectorsPerCheck: number;
}

export class CancelPlanDto {
  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'why the plan is cancelled: published with it' })
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(2000)
  reason: string;
}

export const INPUT_KINDS = ['entities', 'roster'] as const;

export class PlanInputsQuery extends ListQuery {
  @ApiPropertyOptional({
    enum: INPUT_KINDS,
    default: 'entities',
    description: 'entities: the regulated entities as they stood; roster: the active inspectors as they stood',
  })
  @IsOptional()
  @IsIn(INPUT_KINDS)
  kind?: (typeof INPUT_KINDS)[number];
}
