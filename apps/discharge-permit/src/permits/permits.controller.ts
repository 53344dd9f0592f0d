import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ApiErrors } from '@permits/http';
import { IsCreditCode } from '@permits/contracts/credit-code';
import { AuthUser, CurrentUser } from '@permits/auth';
import { ListQuery } from '@permits/workflow-runtime';
import { PermitQueries } from './permit.queries';
import { LICENSE_TYPES, MANAGEMENT_CATEGORIES } from '@permits/contracts/enums';

class PermitNoParam {
  @ApiProperty({ pattern: '^[A-Z]{2}-\\d{4}-\\d{6}$', example: 'PW-2026-000001' })
  @Matches(/^[A-Z]{2}-\d{4}-\d{6}$/, { message: 'permitNo must look like PW-2026-000001' })
  permitNo: string;
}

export class PermitDto {
  @ApiProperty({ example: 'PW-2026-000001' }) permitNo: string;
  @ApiProperty({ enum: LICENSE_TYPES, example: 'discharge_permit' }) licenseType: string;
  @ApiProperty({ example: '91310000MA1FL0XX2K' }) creditCode: string;
  @ApiProperty({ example: '上海示例化工有限公司' }) holderName: string;
  @ApiProperty({ type: String, enum: [...MANAGEMENT_CATEGORIES, null], nullable: true, example: 'key' }) managementCategory: string | null;
  @ApiProperty({ format: 'date', example: '2026-12-10' }) validFrom: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2031-12-09' }) validTo: string | null;
  @ApiProperty({ example: 'valid', description: 'valid, expired, cancelled, revoked' }) status: string;
  @ApiProperty({ example: false, description: 'a renewal undecided at validTo is deemed granted (art. 50)' }) deemedRenewal: boolean;
  @ApiProperty({ example: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e' }) applicationId: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { outlets: 2 } }) details: Record<string, unknown>;
}

export class PermitEventDto {
  @ApiProperty({ format: 'date-time', example: '2026-12-10T06:00:00.000Z' }) at: string;
  @ApiProperty({ example: 'issued' }) action: string;
  @ApiProperty({ type: String, nullable: true, example: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e' }) applicationId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, example: null }) detail: Record<string, unknown> | null;
}

export class PermitDetailDto extends PermitDto {
  @ApiProperty({ type: [PermitEventDto] }) history: PermitEventDto[];
}

export class PermitPageDto {
  @ApiProperty({ type: [PermitDto] }) items: PermitDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

const PERMIT_EXAMPLE = {
  permitNo: 'PW-2026-000001',
  licenseType: 'discharge_permit',
  creditCode: '91310000MA1FL0XX2K',
  holderName: '上海示例化工有限公司',
  managementCategory: 'key',
  validFrom: '2026-12-10',
  validTo: '2031-12-09',
  status: 'valid',
  deemedRenewal: false,
  applicationId: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e',
  details: { outlets: 2 },
};

class PermitListQuery extends ListQuery {
  @ApiPropertyOptional({ description: 'staff: only this holder', example: '91310000MA1FL0XX2K' }) @IsOptional() @IsCreditCode() creditCode?: string;
}

@ApiTags('permits')
@ApiBearerAuth()
@Controller('api/v1/permits')
export class PermitsController {
  constructor(private readonly queries: PermitQueries) {}

  @Get()
  @ApiOperation({ summary: 'Issued permits: an applicant sees its own; staff see all (filter creditCode)' })
  @ApiOkResponse({ type: PermitPageDto, example: { items: [PERMIT_EXAMPLE], nextCursor: null } })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: PermitListQuery) {
    return this.queries.list(user, q);
  }

  @Get(':permitNo')
  @ApiOperation({ summary: 'One permit with the history of every change (the holder, or staff)' })
  @ApiOkResponse({
    type: PermitDetailDto,
    example: {
      ...PERMIT_EXAMPLE,
      history: [{ at: '2026-12-10T06:00:00.000Z', action: 'issued', applicationId: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e', detail: null }],
    },
  })
  @ApiErrors(400, 401, 404)
  one(@CurrentUser() user: AuthUser, @Param() p: PermitNoParam) {
    return this.queries.one(user, p.permitNo);
  }
}
