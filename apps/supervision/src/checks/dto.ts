import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ListQuery } from '@permits/workflow-runtime';

export const CHECK_STATUSES = ['open', 'compliant', 'violation', 'disputed', 'cancelled'] as const;

export class CheckListQuery extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() planId?: string;
  @ApiPropertyOptional({ enum: CHECK_STATUSES }) @IsOptional() @IsIn(CHECK_STATUSES) status?: string;
}

export class CheckResultDto {
  @ApiProperty({ enum: ['compliant', 'violation'] }) @IsIn(['compliant', 'violation']) outcome: 'compliant' | 'violation';
  @ApiPropertyOptional({ maxLength: 5000, description: 'required for a violation: what was found' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  findings?: string;
}
