import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { notFound } from '@permits/http';
import { IsCreditCode } from '@permits/contracts/credit-code';
import { DataSource } from 'typeorm';
import { AuthUser, CurrentUser, isStaff } from '@permits/auth';
import { decodeCursor, encodeCursor, ListQuery } from '@permits/workflow-runtime';
import { PermitEventRow, PermitRow } from './permit.entity';

class PermitNoParam {
  @ApiProperty({ pattern: '^[A-Z]{2}-\\d{4}-\\d{6}$', example: 'PW-2026-000001' })
  @Matches(/^[A-Z]{2}-\d{4}-\d{6}$/, { message: 'permitNo must look like PW-2026-000001' })
  permitNo: string;
}

const view = (p: PermitRow) => ({ permitNo: p.permitNo, licenseType: p.licenseType, creditCode: p.creditCode, holderName: p.holderName, managementCategory: p.managementCategory, validFrom: p.validFrom, validTo: p.validTo, status: p.status, deemedRenewal: p.deemedRenewal, applicationId: p.applicationId, details: p.details });

class PermitListQuery extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsCreditCode() creditCode?: string;
}

@ApiTags('permits')
@ApiBearerAuth()
@Controller('api/v1/permits')
export class PermitsController {
  constructor(private readonly db: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Issued permits: an applicant sees its own; staff see all (filter creditCode)' })
  async list(@CurrentUser() user: AuthUser, @Query() q: PermitListQuery) {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor);
    const qb = this.db.getRepository(PermitRow).createQueryBuilder('p');
    const staff = isStaff(user) || user.roles.includes('auditor');
    if (!staff) qb.andWhere('p.credit_code = :cc', { cc: user.creditCode ?? '' });
    else if (q.creditCode) qb.andWhere('p.credit_code = :cc', { cc: q.creditCode });
    if (after) qb.andWhere('(p.issued_at, p.permit_no) < (:at, :no)', { at: after.at, no: after.id });
    const rows = await qb.orderBy('p.issued_at', 'DESC').addOrderBy('p.permit_no', 'DESC').limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(view),
      nextCursor: rows.length > limit && last ? encodeCursor(last.issuedAt, last.permitNo) : null,
    };
  }

  @Get(':permitNo')
  @ApiOperation({ summary: 'One permit with the history of every change (the holder, or staff)' })
  async one(@CurrentUser() user: AuthUser, @Param() p: PermitNoParam) {
    const permit = await this.db.getRepository(PermitRow).findOne({ where: { permitNo: p.permitNo } });
    if (!permit || (!(isStaff(user) || user.roles.includes('auditor')) && permit.creditCode !== user.creditCode)) throw notFound('permit');
    const events = await this.db.getRepository(PermitEventRow).find({ where: { permitNo: permit.permitNo }, order: { id: 'ASC' } });
    return { ...view(permit), history: events.map((e) => ({ at: e.at.toISOString(), action: e.action, applicationId: e.applicationId, detail: e.detail })) };
  }
}
