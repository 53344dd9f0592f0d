import { ApiProperty } from '@nestjs/swagger';

/** The supervision figures of the business-environment report, for the OpenAPI document. */
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
