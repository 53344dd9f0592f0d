import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { IsCreditCode } from '@permits/contracts/credit-code';
import { ListQuery } from '@permits/workflow-runtime';

export class CreditCodeParam {
  @ApiProperty({ description: 'unified social credit code (18 characters)', example: '91310000MA1FL0XX2K' }) @IsCreditCode() creditCode: string;
}

export class EntityListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: ['key', 'general'] }) @IsOptional() @IsIn(['key', 'general']) riskClass?: 'key' | 'general';
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) positiveList?: 'true' | 'false';
}

export class PutEntityDto {
  @ApiPropertyOptional({ enum: ['key', 'general'] }) @IsOptional() @IsIn(['key', 'general']) riskClass?: 'key' | 'general';
  @ApiPropertyOptional() @IsOptional() @IsBoolean() onlineMonitoring?: boolean;
}
