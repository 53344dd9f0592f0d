import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { APPLICATION_STATUSES, ApplicationStatus, LICENSE_TYPES, LicenseType, REGISTRATION_ACTIONS, RegistrationAction } from '@permits/contracts/enums';
import { IsInstant, NestedArray, NestedObject } from '@permits/contracts/validation';
import { ListQuery } from '@permits/workflow-runtime';
import { IsIsoDate } from '@permits/core';
import { OnBehalfOfDto } from '../counter/counter';

/** A change sub-item: the holder facts that changed (name, address, legal representative). */
export class PermitChangesDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) holderName?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(500) address?: string;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100) legalRepresentative?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(500) productionAddress?: string;
  @ApiPropertyOptional({ description: 'when the change happened (changes must be filed within 30 days)' }) @IsOptional() @IsIsoDate() changedOn?: string;
}

/**
 * The applicant's project: a description, never routing input. What path a case takes comes from the catalog
 * sub-item, the permit register and staff decisions (see acceptance/case-data.ts); fields such as
 * `managementCategory` or `eiaCategory` are unknown here and answer 400 like any unknown field.
 */
export class ProjectDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiPropertyOptional({ description: 'national project code, e.g. 2017-130000-01-01-00001' })
  @IsOptional()
  @Matches(/^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$/, { message: 'code must look like 2017-130000-01-01-000001' })
  code?: string;
  @ApiPropertyOptional({ description: 'GB/T 4754 industry code' })
  @IsOptional()
  @Matches(/^[A-Z]?\d{1,4}$/, { message: 'industryCode must be a GB/T 4754 code' })
  industryCode?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) location?: string;
  @ApiPropertyOptional({ minimum: 0, description: '10k CNY' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e9)
  investment?: number;
  @ApiPropertyOptional({ description: 'change, renewal and cancellation sub-items: the permit concerned' })
  @IsOptional()
  @Matches(/^[A-Z]{2}-\d{4}-\d{6}$/, { message: 'permitNo must look like PW-2026-000001' })
  permitNo?: string;
  @ApiPropertyOptional({ type: PermitChangesDto }) @IsOptional() @NestedObject(() => PermitChangesDto) changes?: PermitChangesDto;
  @ApiPropertyOptional({
    enum: REGISTRATION_ACTIONS,
    description:
      'discharge registration (HB-006-01): first registration (default), or a change, cancellation or renewal (延续登记: same number, five more years) of the registration named in permitNo',
  })
  @IsOptional()
  @IsIn(REGISTRATION_ACTIONS)
  registrationAction?: RegistrationAction;
}

export class MaterialDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) code: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(255) fileName: string;
  @ApiProperty({ description: '64 hex chars' }) @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex characters' }) sha256: string;
}

export class SubmitApplicationDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) subItemCode: string;
  @ApiProperty({ type: ProjectDto }) @NestedObject(() => ProjectDto) project: ProjectDto;
  @ApiProperty({ type: [MaterialDto] }) @NestedArray(() => MaterialDto, 200) materials: MaterialDto[];
  @ApiPropertyOptional({
    type: OnBehalfOfDto,
    description: "at the service hall's counter: staff of the window department file for this enterprise (channel counter); anyone else 403",
  })
  @IsOptional()
  @NestedObject(() => OnBehalfOfDto)
  onBehalfOf?: OnBehalfOfDto;
}

export class SupplementDto {
  @ApiProperty({ type: [MaterialDto] }) @NestedArray(() => MaterialDto, 200) materials: MaterialDto[];
}

export class ApplicationListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES }) @IsOptional() @IsIn(APPLICATION_STATUSES) status?: ApplicationStatus;
  @ApiPropertyOptional({ enum: LICENSE_TYPES }) @IsOptional() @IsIn(LICENSE_TYPES) licenseType?: LicenseType;
  @ApiPropertyOptional({ description: 'created at or after' }) @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional({ description: 'created before' }) @IsOptional() @IsInstant() to?: string;
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 100,
    example: '污水处理厂',
    description:
      "search (any part, case-insensitive) in the project name, project code, applicant name and credit code; an applicant searches only the enterprise's own applications",
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;
}

export class SubmittedDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status: ApplicationStatus;
  @ApiProperty() subItemCode: string;
  @ApiProperty({ enum: LICENSE_TYPES }) licenseType: LicenseType;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ description: 'filings answered at once (limit 0): the filing number; a discharge registration its registration number' })
  filingNo?: string;
}
