import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsNumber, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsCreditCode } from '@permits/contracts/credit-code';
import { IsInstant } from '@permits/contracts/validation';

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
