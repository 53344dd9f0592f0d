import { ApiProperty } from '@nestjs/swagger';
import { IsIsoDate } from '@permits/core';

export class FiguresQuery {
  @ApiProperty({ example: '2026-01-01', description: 'first day (Asia/Shanghai), inclusive: an existing date YYYY-MM-DD' }) @IsIsoDate() from: string;
  @ApiProperty({ example: '2026-12-31', description: 'last day (Asia/Shanghai), inclusive: an existing date YYYY-MM-DD' }) @IsIsoDate() to: string;
}
