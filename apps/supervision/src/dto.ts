import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { IsCreditCode } from '@permits/contracts/credit-code';
import { ListQuery } from '@permits/workflow-runtime';
import { IsIsoDate } from '@permits/core';

export class CreditCodeParam {
  @ApiProperty({ description: 'unified social credit code (18 characters)', example: '91310000MA1FL0XX2K' }) @IsCreditCode() creditCode: string;
}

export class UserIdParam {
  @ApiProperty({ description: "the inspector's user id (1-100 visible ASCII characters)", example: 'inspector-017' })
  @IsString()
  @Matches(/^[\x21-\x7e]{1,100}$/, { message: 'userId must be 1-100 visible ASCII characters' })
  userId: string;
}

export class UuidParam {
  @ApiProperty({ format: 'uuid', example: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e' }) @IsUUID() id: string;
}

export class EntityListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: ['key', 'general'] }) @IsOptional() @IsIn(['key', 'general']) riskClass?: 'key' | 'general';
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) positiveList?: 'true' | 'false';
}

export class PutEntityDto {
  @ApiPropertyOptional({ enum: ['key', 'general'] }) @IsOptional() @IsIn(['key', 'general']) riskClass?: 'key' | 'general';
  @ApiPropertyOptional() @IsOptional() @IsBoolean() onlineMonitoring?: boolean;
}

export class PutInspectorDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty() @IsBoolean() active: boolean;
  @ApiProperty({ type: [String], description: 'credit codes of the enterprises this inspector has a conflict of interest with' })
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsCreditCode({ each: true })
  conflicts: string[];
}

export class FiguresQuery {
  @ApiProperty({ example: '2026-01-01', description: 'first day (Asia/Shanghai), inclusive: an existing date YYYY-MM-DD' }) @IsIsoDate() from: string;
  @ApiProperty({ example: '2026-12-31', description: 'last day (Asia/Shanghai), inclusive: an existing date YYYY-MM-DD' }) @IsIsoDate() to: string;
}
