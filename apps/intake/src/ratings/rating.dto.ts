import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsIsoDate } from '@permits/core';

/** 好差评: 非常满意 5, 满意 4, 基本满意 3, 不满意 2, 非常不满意 1 (DOMAIN.md "The service hall and the ratings"). */
export class RateDto {
  @ApiProperty({
    minimum: 1,
    maximum: 5,
    example: 5,
    description: '5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意; 1 or 2 opens a follow-up task for the window',
  })
  @IsInt()
  @Min(1)
  @Max(5)
  score: number;

  @ApiPropertyOptional({ maxLength: 1000, example: '窗口服务热情，一次办结' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}

export class RatingDto {
  @ApiProperty() applicationId: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) score: number;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ format: 'date-time' }) ratedAt: string;
  @ApiProperty({ description: 'a rating of 1 or 2 opened a follow-up task for the window' }) followUp: boolean;
}

export const RATING_EXAMPLE: RatingDto = {
  applicationId: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e',
  score: 5,
  comment: '窗口服务热情，一次办结',
  ratedAt: '2026-12-01T02:00:00.000Z',
  followUp: false,
};

/** A batch of cases handled outside the system (体外), entered by the bureau so the single-window rate counts them. */
export class HandledOutsideDto {
  @ApiProperty({ example: 'HB-005-01' }) @IsString() @MinLength(1) @MaxLength(100) subItemCode: string;
  @ApiProperty({ example: '2026-11-03', description: 'the day they were received (Asia/Shanghai)' }) @IsIsoDate() receivedOn: string;
  @ApiProperty({ minimum: 1, maximum: 10000, example: 2 }) @IsInt() @Min(1) @Max(10000) count: number;
  @ApiProperty({ maxLength: 1000, example: '系统停机期间纸质受理' }) @IsString() @MinLength(1) @MaxLength(1000) reason: string;
}

export class HandledOutsideAnswerDto {
  @ApiProperty() id: string;
  @ApiProperty() subItemCode: string;
  @ApiProperty() receivedOn: string;
  @ApiProperty() count: number;
  @ApiProperty() reason: string;
  @ApiProperty() recordedBy: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}
