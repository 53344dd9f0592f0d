import { ApiProperty } from '@nestjs/swagger';

/** The register's answers, for the OpenAPI document (each with an example). */

const CC = '91310000MA1FL0XX2K';

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
