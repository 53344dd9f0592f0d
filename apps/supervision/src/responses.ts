import { ApiProperty } from '@nestjs/swagger';

/** Supervision's answers, for the OpenAPI document (each with an example). */

const CC = '91310000MA1FL0XX2K';
const PLAN_ID = '0193a5c6-0000-7000-8000-0000000000a1';
const CHECK_ID = '0193a5c6-0000-7000-8000-0000000000c1';

export class EntityDto {
  @ApiProperty({ example: CC }) creditCode: string;
  @ApiProperty({ example: '上海示例化工有限公司' }) name: string;
  @ApiProperty({ enum: ['key', 'general'], example: 'key' }) riskClass: string;
  @ApiProperty({ example: true }) onlineMonitoring: boolean;
  @ApiProperty({ example: false }) positiveList: boolean;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-09-15' }) lastInspectedOn: string | null;
  @ApiProperty({ example: true }) active: boolean;
}

export const ENTITY_EXAMPLE = {
  creditCode: CC,
  name: '上海示例化工有限公司',
  riskClass: 'key',
  onlineMonitoring: true,
  positiveList: false,
  lastInspectedOn: '2026-09-15',
  active: true,
};

export class EntityPageDto {
  @ApiProperty({ type: [EntityDto] }) items: EntityDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export class EntityHistoryDto {
  @ApiProperty({ format: 'date-time', example: '2026-11-30T03:00:00.000Z' }) at: string;
  @ApiProperty({ example: 'head-enforcement-1' }) actor: string;
  @ApiProperty({ example: 'risk_class_set' }) action: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, example: { riskClass: 'key' } }) detail: Record<string, unknown> | null;
}

export class EntityDetailDto extends EntityDto {
  @ApiProperty({
    type: 'object',
    description: 'permitNo → the permit as the register last said: status, licenseType, managementCategory, validTo',
    additionalProperties: {
      type: 'object',
      properties: {
        status: { type: 'string' },
        licenseType: { type: 'string' },
        managementCategory: { type: 'string', nullable: true },
        validTo: { type: 'string', format: 'date', nullable: true },
      },
      required: ['status', 'licenseType'],
    },
    example: { 'PW-2026-000001': { status: 'valid', licenseType: 'discharge_permit', managementCategory: 'key', validTo: '2031-12-09' } },
  })
  permits: Record<string, { status: string; licenseType: string; managementCategory: string | null; validTo: string | null }>;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: null }) penaltyUntil: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2027-05-30' }) alarmUntil: string | null;
  @ApiProperty({ type: [EntityHistoryDto] }) history: EntityHistoryDto[];
}

export class FiguresDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { total: 120, key: 30, general: 90, onlineMonitoring: 40, positiveList: 60, positiveListShare: 0.5 },
  })
  entities: Record<string, unknown>;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    example: [{ period: '2026-Q3', drawn: 12, done: 10, onSite: 8, offSite: 2, violations: 1 }],
  })
  inspections: Record<string, unknown>[];
  @ApiProperty({ type: 'object', additionalProperties: true, example: { decided: 2, publishedOnTime: 2, publishedLate: 0, unpublished: 0 } }) penalties: Record<
    string,
    unknown
  >;
}

export class InspectorDto {
  @ApiProperty({ example: 'inspector-017' }) userId: string;
  @ApiProperty({ example: '王检查' }) name: string;
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({ type: [String], example: [CC], description: 'credit codes of entities this inspector may not check' }) conflicts: string[];
}

export const INSPECTOR_EXAMPLE = { userId: 'inspector-017', name: '王检查', active: true, conflicts: [CC] };

export class InspectorPageDto {
  @ApiProperty({ type: [InspectorDto] }) items: InspectorDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export class CheckDto {
  @ApiProperty({ format: 'uuid', example: CHECK_ID }) id: string;
  @ApiProperty({ format: 'uuid', example: PLAN_ID }) planId: string;
  @ApiProperty({ example: CC }) creditCode: string;
  @ApiProperty({ type: [String], example: ['inspector-017', 'inspector-023'] }) inspectors: string[];
  @ApiProperty({ example: false }) offSite: boolean;
  @ApiProperty({ enum: ['open', 'compliant', 'violation', 'cancelled'], example: 'open', description: 'cancelled: withdrawn with its cancelled plan' })
  status: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-09-30' }) dueDate: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-07-01T01:00:00.000Z' }) createdAt: string;
}

export const CHECK_EXAMPLE = {
  id: CHECK_ID,
  planId: PLAN_ID,
  creditCode: CC,
  inspectors: ['inspector-017', 'inspector-023'],
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
  @ApiProperty({ type: String, nullable: true, example: '0193a5c6-0000-7000-8000-0000000000e1', description: 'a violation: the penalty case it opened' })
  penaltyId: string | null;
}

export class PenaltyDto {
  @ApiProperty({ format: 'uuid', example: '0193a5c6-0000-7000-8000-0000000000e1' }) id: string;
  @ApiProperty({ format: 'uuid', example: CHECK_ID }) checkId: string;
  @ApiProperty({ example: CC }) creditCode: string;
  @ApiProperty({ example: 'decided', description: 'open, decided, closed' }) status: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-10-20' }) decidedOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-10-29' }) publishBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-10-22T02:00:00.000Z' }) publishedAt: string | null;
  @ApiProperty({ type: Boolean, nullable: true, example: true }) publishedOnTime: boolean | null;
}

export const PENALTY_EXAMPLE = {
  id: '0193a5c6-0000-7000-8000-0000000000e1',
  checkId: CHECK_ID,
  creditCode: CC,
  status: 'decided',
  decidedOn: '2026-10-20',
  publishBy: '2026-10-29',
  publishedAt: '2026-10-22T02:00:00.000Z',
  publishedOnTime: true,
};

export class PenaltyPageDto {
  @ApiProperty({ type: [PenaltyDto] }) items: PenaltyDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export class AlarmAnswerDto {
  @ApiProperty({ example: 'ALM-20261130-0001' }) alarmId: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '0193a5c6-0000-7000-8000-0000000000f1',
    description: 'an exceedance: the off-site verification case it opened',
  })
  verificationId: string | null;
  @ApiProperty({ example: false, description: 'true: this alarmId was received before; nothing changed' }) duplicate: boolean;
}
