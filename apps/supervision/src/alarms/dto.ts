import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNumber, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsCreditCode } from '@permits/contracts/credit-code';
import { IsInstant } from '@permits/contracts/validation';
import { ListQuery } from '@permits/workflow-runtime';

export class AlarmDto {
  @ApiProperty() @IsString() @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'alarmId must be 1-200 visible ASCII characters' }) alarmId: string;
  @ApiProperty() @IsCreditCode() creditCode: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) outlet: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) pollutant: string;
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) value: number;
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) limit: number;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(50) unit: string;
  @ApiProperty() @IsISO8601({ strict: true }) @IsInstant() at: string;
}

export class AlarmAnswerDto {
  @ApiProperty({ example: 'ALM-20261130-0001' }) alarmId: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '0193a5c6-0000-7000-8000-0000000000f1',
    description: 'an exceedance: the off-site verification case it opened; a confirmed verification opens a penalty case',
  })
  verificationId: string | null;
  @ApiProperty({ example: false, description: 'true: this alarmId was received before; nothing changed' }) duplicate: boolean;
}

export class AlarmListQuery extends ListQuery {
  @ApiPropertyOptional({ description: "the entity's unified social credit code", example: '91310000MA1FL0XX2K' })
  @IsOptional()
  @IsCreditCode()
  creditCode?: string;
}

export class AlarmItemDto {
  @ApiProperty({ example: 'ALM-20261130-0001' }) alarmId: string;
  @ApiProperty({ example: '91310000MA1FL0XX2K' }) creditCode: string;
  @ApiProperty({ example: 'DW001' }) outlet: string;
  @ApiProperty({ example: 'COD' }) pollutant: string;
  @ApiProperty({ example: 85.2 }) value: number;
  @ApiProperty({ example: 50 }) limit: number;
  @ApiProperty({ example: 'mg/L' }) unit: string;
  @ApiProperty({ example: '2026-11-30T01:58:00.000Z', description: 'when the platform measured it' }) at: string;
  @ApiProperty({ example: '2026-11-30T02:00:03.000Z', description: 'when we received it' }) receivedAt: string;
  @ApiProperty({ example: true, description: 'value over limit: it opened an off-site verification' }) exceedance: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '0193a5c6-0000-7000-8000-0000000000f1',
    description: 'the verification case (GET /api/v1/cases/{caseId}); null without an exceedance',
  })
  verificationId: string | null;
}

export class AlarmPageDto {
  @ApiProperty({ type: [AlarmItemDto] }) items: AlarmItemDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}
