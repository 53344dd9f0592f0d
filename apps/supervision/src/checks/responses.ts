import { ApiProperty } from '@nestjs/swagger';
import { CHECK_STATUSES } from './dto';

const CC = '91310000MA1FL0XX2K';
const PLAN_ID = '0193a5c6-0000-7000-8000-0000000000a1';
const CHECK_ID = '0193a5c6-0000-7000-8000-0000000000c1';

export class CheckDto {
  @ApiProperty({ format: 'uuid', example: CHECK_ID }) id: string;
  @ApiProperty({ example: CHECK_ID, description: 'the supervision case of the check (GET /api/v1/cases/{caseId})' }) caseId: string;
  @ApiProperty({ format: 'uuid', example: PLAN_ID }) planId: string;
  @ApiProperty({ example: CC }) creditCode: string;
  @ApiProperty({ type: [String], example: ['inspector-017', 'inspector-023'] }) inspectors: string[];
  @ApiProperty({ type: [String], example: ['inspector-017'], description: 'the inspectors who recorded their result so far' }) recordedBy: string[];
  @ApiProperty({ example: false }) offSite: boolean;
  @ApiProperty({
    enum: CHECK_STATUSES,
    example: 'open',
    description:
      'disputed: the inspectors differ; a head of enforcement reviews. cancelled: its plan was cancelled before a result was recorded (the inspection tasks withdrawn)',
  })
  status: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-09-30' }) dueDate: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-07-01T01:00:00.000Z' }) createdAt: string;
}

export const CHECK_EXAMPLE = {
  id: CHECK_ID,
  caseId: CHECK_ID,
  planId: PLAN_ID,
  creditCode: CC,
  inspectors: ['inspector-017', 'inspector-023'],
  recordedBy: ['inspector-017'],
  offSite: false,
  status: 'open',
  dueDate: '2026-09-30',
  createdAt: '2026-07-01T01:00:00.000Z',
};

export class CheckPageDto {
  @ApiProperty({ type: [CheckDto] }) items: CheckDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export class CheckResultAnswerDto extends CheckDto {
  @ApiProperty({ type: String, nullable: true, example: '废水排放口 COD 超标' }) findings: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '0193a5c6-0000-7000-8000-0000000000e1',
    description: 'once every inspector found a violation (or the review did): the penalty case it opened',
  })
  penaltyId: string | null;
}
