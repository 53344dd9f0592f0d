import { ApiProperty } from '@nestjs/swagger';
import { SANCTION_KINDS } from './dto';

const CC = '91310000MA1FL0XX2K';
const PENALTY_ID = '0193a5c6-0000-7000-8000-0000000000e1';
const CHECK_ID = '0193a5c6-0000-7000-8000-0000000000c1';

export class SanctionViewDto {
  @ApiProperty({ enum: SANCTION_KINDS, example: 'fine' }) kind: string;
  @ApiProperty({ type: Number, nullable: true, example: 50000 }) amountYuan: number | null;
}

export class StatementViewDto {
  @ApiProperty({ format: 'date-time', example: '2026-07-07T02:00:00.000Z' }) at: string;
  @ApiProperty({ example: 'applicant-91310000' }) by: string;
  @ApiProperty({ example: '超标系设备故障所致，已于当日修复' }) text: string;
}

export class PenaltyDto {
  @ApiProperty({ format: 'uuid', example: PENALTY_ID }) id: string;
  @ApiProperty({ example: PENALTY_ID, description: 'the penalty case (GET /api/v1/cases/{caseId})' }) caseId: string;
  @ApiProperty({ enum: ['check', 'alarm'], example: 'check' }) source: string;
  @ApiProperty({ type: String, nullable: true, example: CHECK_ID }) checkId: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) alarmId: string | null;
  @ApiProperty({ example: CC }) creditCode: string;
  @ApiProperty({ type: String, nullable: true, example: '上海示例化工有限公司' }) enterpriseName: string | null;
  @ApiProperty({ enum: ['open', 'decided', 'dismissed'], example: 'decided' }) status: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026年7月6日检查发现废水排放口 COD 超标排放',
    description: "the legal section's proposal (the enterprise sees it once told)",
  })
  facts: string | null;
  @ApiProperty({ type: String, nullable: true, example: '《水污染防治法》第八十三条第二项；裁量基准 B 档' }) legalBasis: string | null;
  @ApiProperty({ type: SanctionViewDto, nullable: true }) sanction: SanctionViewDto | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: '2026-07-09',
    description: 'the last day of the statement period (3 working days after the notice)',
  })
  statementDue: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: null,
    description: 'a large fine: the last day to ask for a hearing (5 working days after the notice)',
  })
  hearingDue: string | null;
  @ApiProperty({ example: false }) hearingRequested: boolean;
  @ApiProperty({ type: [StatementViewDto] }) statements: StatementViewDto[];
  @ApiProperty({ type: String, nullable: true, example: '环罚决字〔2026〕1号' }) decisionNo: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-10-20' }) decidedOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-10-29' }) publishBy: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-10-22' }) publishedOn: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-10-22T02:00:00.000Z' }) publishedAt: string | null;
  @ApiProperty({ type: Boolean, nullable: true, example: true }) publishedOnTime: boolean | null;
}

export const PENALTY_EXAMPLE = {
  id: PENALTY_ID,
  caseId: PENALTY_ID,
  source: 'check',
  checkId: CHECK_ID,
  alarmId: null,
  creditCode: CC,
  enterpriseName: '上海示例化工有限公司',
  status: 'decided',
  facts: '2026年7月6日检查发现废水排放口 COD 超标排放',
  legalBasis: '《水污染防治法》第八十三条第二项；裁量基准 B 档',
  sanction: { kind: 'fine', amountYuan: 50000 },
  statementDue: '2026-07-09',
  hearingDue: null,
  hearingRequested: false,
  statements: [{ at: '2026-07-07T02:00:00.000Z', by: 'applicant-91310000', text: '超标系设备故障所致，已于当日修复' }],
  decisionNo: '环罚决字〔2026〕1号',
  decidedOn: '2026-10-20',
  publishBy: '2026-10-29',
  publishedOn: '2026-10-22',
  publishedAt: '2026-10-22T02:00:00.000Z',
  publishedOnTime: true,
};

export class PenaltyPageDto {
  @ApiProperty({ type: [PenaltyDto] }) items: PenaltyDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export class PublicPenaltyItemDto {
  @ApiProperty({ example: '上海示例化工有限公司' }) enterpriseName: string;
  @ApiProperty({ example: CC }) creditCode: string;
  @ApiProperty({ example: '2026年7月6日检查发现废水排放口 COD 超标排放' }) facts: string;
  @ApiProperty({ example: '《水污染防治法》第八十三条第二项；裁量基准 B 档' }) legalBasis: string;
  @ApiProperty({ type: SanctionViewDto }) sanction: SanctionViewDto;
  @ApiProperty({ example: '环罚决字〔2026〕1号' }) decisionNo: string;
  @ApiProperty({ format: 'date', example: '2026-10-20' }) decidedOn: string;
  @ApiProperty({ format: 'date', example: '2026-10-22' }) publishedOn: string;
}

export const PUBLIC_PENALTY_EXAMPLE = {
  enterpriseName: '上海示例化工有限公司',
  creditCode: CC,
  facts: PENALTY_EXAMPLE.facts,
  legalBasis: PENALTY_EXAMPLE.legalBasis,
  sanction: PENALTY_EXAMPLE.sanction,
  decisionNo: PENALTY_EXAMPLE.decisionNo,
  decidedOn: '2026-10-20',
  publishedOn: '2026-10-22',
};

export class PublicPenaltyPageDto {
  @ApiProperty({ type: [PublicPenaltyItemDto] }) items: PublicPenaltyItemDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}
