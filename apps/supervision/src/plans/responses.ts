import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The answers about plans, for the OpenAPI document (each with an example). */

const CC = '91310000MA1FL0XX2K';
const PLAN_ID = '0193a5c6-0000-7000-8000-0000000000a1';
const CHECK_ID = '0193a5c6-0000-7000-8000-0000000000c1';
const COMMITMENT = '5c0e5d2a3f0c4b8e9d1a7f6e2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e';

export class PlanRatiosDto {
  @ApiProperty({ example: 0.25 }) key: number;
  @ApiProperty({ example: 0.05 }) general: number;
  @ApiProperty({ example: 0.02 }) positiveList: number;
}

export class ClassCountDto {
  @ApiProperty({ example: 40, description: 'entities of the class in the inputs' }) entities: number;
  @ApiProperty({ example: 10, description: 'entities of the class drawn' }) drawn: number;
}

export class PlanCountsDto {
  @ApiProperty({ type: ClassCountDto }) key: ClassCountDto;
  @ApiProperty({ type: ClassCountDto }) general: ClassCountDto;
  @ApiProperty({ type: ClassCountDto }) positiveList: ClassCountDto;
}

/** What a plan says of itself, to staff and the public alike: never an entity, an inspector or a conflict. */
export class PlanSummaryDto {
  @ApiProperty({ format: 'uuid', example: PLAN_ID }) id: string;
  @ApiProperty({ example: '2026 年第三季度双随机抽查' }) name: string;
  @ApiProperty({ example: '2026-Q3' }) period: string;
  @ApiProperty({ enum: ['drawn', 'cancelled'], example: 'drawn' }) status: string;
  @ApiProperty({ type: PlanRatiosDto }) ratios: PlanRatiosDto;
  @ApiProperty({ example: 2 }) inspectorsPerCheck: number;
  @ApiProperty({ type: PlanCountsDto }) counts: PlanCountsDto;
  @ApiProperty({ example: COMMITMENT, description: 'hex SHA-256 of the seed (its 64 hex characters as UTF-8), published at the draw' }) seedCommitment: string;
  @ApiProperty({
    example: true,
    description: 'false: a plan drawn before committed draws, whose seed may have been chosen (its commitment was computed afterwards)',
  })
  seedCommittedAtDraw: boolean;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'the seed (32 random bytes, hex), revealed once the period has ended; null before' })
  seed: string | null;
  @ApiProperty({ example: false }) periodEnded: boolean;
  @ApiProperty({ example: '9b74c9897bac770ffc029102a200c5de7b2b8a3c4d5e6f708192a3b4c5d6e7f8' }) inputsHash: string;
  @ApiProperty({ example: 'double-random/hmac-sha256/v1: …' }) algorithm: string;
  @ApiProperty({ format: 'date-time', example: '2026-07-01T01:00:00.000Z' }) drawnAt: string;
  @ApiProperty({ type: String, format: 'date', example: '2026-09-30', description: 'the last day of the period' }) dueDate: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) cancelledAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'why it was cancelled (published)' }) cancelReason: string | null;
}

const SUMMARY_EXAMPLE = {
  id: PLAN_ID,
  name: '2026 年第三季度双随机抽查',
  period: '2026-Q3',
  status: 'drawn',
  ratios: { key: 0.25, general: 0.05, positiveList: 0.02 },
  inspectorsPerCheck: 2,
  counts: { key: { entities: 40, drawn: 10 }, general: { entities: 200, drawn: 10 }, positiveList: { entities: 50, drawn: 1 } },
  seedCommitment: COMMITMENT,
  seedCommittedAtDraw: true,
  seed: null,
  periodEnded: false,
  inputsHash: '9b74c9897bac770ffc029102a200c5de7b2b8a3c4d5e6f708192a3b4c5d6e7f8',
  algorithm: 'double-random/hmac-sha256/v1: …',
  drawnAt: '2026-07-01T01:00:00.000Z',
  dueDate: '2026-09-30',
  cancelledAt: null,
  cancelReason: null,
};

export class PlanCheckDto {
  @ApiProperty({ format: 'uuid', example: CHECK_ID }) id: string;
  @ApiProperty({ example: CC }) creditCode: string;
  @ApiProperty({ type: [String], example: ['inspector-017', 'inspector-023'] }) inspectors: string[];
  @ApiProperty({ example: false }) offSite: boolean;
}

export class PlanDto extends PlanSummaryDto {
  @ApiProperty({ type: [PlanCheckDto] }) checks: PlanCheckDto[];
}

export const PLAN_EXAMPLE = { ...SUMMARY_EXAMPLE, checks: [{ id: CHECK_ID, creditCode: CC, inspectors: ['inspector-017', 'inspector-023'], offSite: false }] };

export class PlanPageDto {
  @ApiProperty({ type: [PlanDto] }) items: PlanDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export class PlanEventDto {
  @ApiProperty({ format: 'date-time', example: '2026-07-01T01:00:00.000Z' }) at: string;
  @ApiProperty({ example: 'head-enforcement-1' }) actor: string;
  @ApiProperty({ enum: ['drawn', 'cancelled'], example: 'drawn' }) action: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { seedCommitment: COMMITMENT } }) detail: Record<string, unknown>;
}

export class PlanDetailDto extends PlanDto {
  @ApiProperty({ example: 'head-enforcement-1' }) drawnBy: string;
  @ApiProperty({ type: String, nullable: true, example: null }) cancelledBy: string | null;
  @ApiProperty({ type: [PlanEventDto], description: 'what happened to the plan (drawn, cancelled with its reason), oldest first' }) history: PlanEventDto[];
}

export class PlanVerifyDto {
  @ApiProperty({ example: true }) ok: boolean;
  @ApiPropertyOptional({ type: [String], example: ['the stored seed does not match the published seedCommitment'] }) differences?: string[];
}

export class PlanInputsPageDto {
  @ApiProperty({ enum: ['entities', 'roster'], example: 'entities' }) kind: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'entities: { creditCode, riskClass, positiveList, onlineMonitoring }; roster: { userId, conflicts } (staff) or { userId } (public: never a conflict)',
    example: [{ creditCode: CC, riskClass: 'key', positiveList: false, onlineMonitoring: true }],
  })
  items: Record<string, unknown>[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export class PublicPlanPageDto {
  @ApiProperty({ type: [PlanSummaryDto] }) items: PlanSummaryDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export const PUBLIC_PLANS_EXAMPLE = { items: [SUMMARY_EXAMPLE], nextCursor: null };

export class PublicPenaltyDto {
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-10-20' }) decidedOn: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-10-22T02:00:00.000Z' }) publishedAt: string | null;
}

export class PublicCheckDto {
  @ApiProperty({ example: CC }) creditCode: string;
  @ApiProperty({ example: false }) offSite: boolean;
  @ApiProperty({
    type: String,
    enum: ['compliant', 'violation', 'cancelled'],
    nullable: true,
    example: 'violation',
    description: 'null: no result stands (none recorded, or the inspectors differ and a head reviews)',
  })
  outcome: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-09-10' }) recordedOn: string | null;
  @ApiProperty({ type: PublicPenaltyDto, nullable: true }) penalty: PublicPenaltyDto | null;
}

export class PublicCheckPageDto {
  @ApiProperty({ type: [PublicCheckDto] }) items: PublicCheckDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}
