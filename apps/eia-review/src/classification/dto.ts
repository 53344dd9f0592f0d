import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString } from 'class-validator';
import { EIA_CATEGORIES, EiaCategory } from '@permits/contracts/enums';

/**
 * A project to classify. The classifier checks the code's format and every attribute against the catalogue's
 * vocabulary itself (and names the field of each problem), so the DTO only checks the shapes.
 */
export class ClassifyDto {
  @ApiProperty({ example: 'C2221', description: 'GB/T 4754-2017 industry code: 2 to 4 digits, optionally led by its section letter' })
  @IsString()
  industryCode: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { capacity: 5, sensitiveArea: false },
    description: "project facts named by the catalogue's attributes; `components: [{ industryCode, attributes }]` for a compound project",
  })
  @IsOptional()
  @IsObject()
  attributes?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: '2021-03-01',
    description: 'declaration date, YYYY-MM-DD (default: today in China Standard Time); the directory version in force on it classifies',
  })
  @IsOptional()
  @IsString()
  declaredOn?: string;
}

export class ClassificationDto {
  @ApiProperty({ enum: EIA_CATEGORIES }) category: EiaCategory;
  @ApiProperty({ description: 'the classification directory version that decided' }) catalogVersion: string;
  @ApiProperty({ description: 'which row and condition decided, in words' }) rule: string;
  @ApiProperty({ description: 'the date whose directory version classified (declaredOn, or today in China Standard Time)' }) declaredOn: string;
  @ApiPropertyOptional({ description: 'the local exemption list in force, if any' }) exemptionList?: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the deciding rule, as data' }) basis: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'compound projects: each part and its category' }) parts?: Record<
    string,
    unknown
  >[];
}

export class QuestionsQueryDto {
  @ApiProperty({ example: 'D4416', description: 'GB/T 4754-2017 industry code: 2 to 4 digits, optionally led by its section letter' })
  @IsString()
  industryCode: string;

  @ApiPropertyOptional({ example: '2026-03-02', description: 'the date whose directory version asks (YYYY-MM-DD; default today in China Standard Time)' })
  @IsOptional()
  @IsString()
  declaredOn?: string;
}

export class EiaQuestionDto {
  @ApiProperty({ example: 'installedKw', description: 'the attribute to answer in `attributes` of POST /api/v1/eia/classify' }) name: string;
  @ApiProperty({ enum: ['boolean', 'enum', 'number'] }) type: 'boolean' | 'enum' | 'number';
  @ApiPropertyOptional({ type: [String], description: 'enum: the values to choose from' }) values?: string[];
  @ApiPropertyOptional({ example: 'kW', description: 'number: its unit' }) unit?: string;
  @ApiProperty({ example: '总装机容量（千瓦）', description: 'the question in Chinese' }) question: string;
  @ApiProperty({ example: 'What is the total installed capacity?', description: 'the question in English' }) questionEn: string;
}
