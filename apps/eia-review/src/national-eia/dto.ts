import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNumber, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsCreditCode } from '@permits/contracts/credit-code';
import { NestedArray, NestedObject } from '@permits/contracts/validation';
import { DECLARED_CATEGORIES, DeclaredCategory } from './declaration.mapper';

/** National project code (全国投资项目在线审批监管平台): year-division-industry-type-serial, e.g. 2017-130000-01-01-00001. */
export const PROJECT_CODE = /^(19|20)\d{2}-\d{6}-\d{2}-\d{2}-\d{5,6}$/;
/** GB/T 4754-2017: 2 to 4 digits, optionally led by the section letter. */
export const INDUSTRY_CODE = /^[A-T]?\d{2,4}$/;

export class ConstructionUnitDto {
  @ApiProperty({ maxLength: 200, description: '建设单位' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ example: '91350100M000100Y43', description: 'unified social credit code (GB 32100-2015)' }) @IsCreditCode() creditCode: string;
}

export class DeclarationDocumentDto {
  @ApiProperty({ maxLength: 255 }) @IsString() @MinLength(1) @MaxLength(255) name: string;
  @ApiProperty({ description: 'SHA-256 of the file the national system holds, 64 hex characters' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hex characters' })
  sha256: string;
}

/** The body of a declaration (API.md, "National EIA system integration"). */
export class DeclarationDto {
  @ApiProperty({ maxLength: 100, description: "the national system's id of this declaration; the same id again is the same declaration" })
  @Matches(/^[\x21-\x7e]{1,100}$/, { message: 'declarationId must be 1 to 100 visible ASCII characters' })
  declarationId: string;

  @ApiProperty({ example: '2017-130000-01-01-00001' })
  @Matches(PROJECT_CODE, { message: 'projectCode must be a national project code like 2017-130000-01-01-00001' })
  projectCode: string;

  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) projectName: string;

  @ApiProperty({ type: ConstructionUnitDto })
  @NestedObject(() => ConstructionUnitDto)
  constructionUnit: ConstructionUnitDto;

  @ApiProperty({ enum: DECLARED_CATEGORIES }) @IsIn(DECLARED_CATEGORIES) category: DeclaredCategory;

  @ApiProperty({ example: 'C3360', description: 'GB/T 4754-2017 industry code' })
  @Matches(INDUSTRY_CODE, { message: 'industryCode must be a GB/T 4754 code of 2 to 4 digits, optionally led by its section letter' })
  industryCode: string;

  @ApiProperty({ maxLength: 500 }) @IsString() @MinLength(1) @MaxLength(500) location: string;

  @ApiProperty({ minimum: 0, description: 'total investment, 10k CNY' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e9)
  investment: number;

  @ApiProperty({ type: [DeclarationDocumentDto] })
  @NestedArray(() => DeclarationDocumentDto, 200)
  documents: DeclarationDocumentDto[];
}

export class DeclarationAcceptedDto {
  @ApiProperty({ description: 'our application for this declaration (the same for the same declarationId)' }) applicationId: string;
}
