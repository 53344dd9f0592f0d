import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthUser, CurrentUser, hasRole, Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { UuidParam } from '../dto';
import { CheckRow, InspectorRow } from '../entities';
import { keysetPage } from '@permits/core';
import { checkView, ChecksService } from './checks.service';
import { CheckListQuery, CheckResultDto } from './dto';
import { CHECK_EXAMPLE, CheckPageDto, CheckResultAnswerDto } from './responses';

/** Checks of the plans: the inspectors' own list, and each inspector's result. */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1/supervision/checks')
export class ChecksController {
  constructor(
    private readonly checks: ChecksService,
    private readonly db: DataSource,
  ) {}

  @Get()
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: 'Checks: an inspector on the roster sees their own; other staff see all' })
  @ApiOkResponse({ type: CheckPageDto, example: { items: [CHECK_EXAMPLE], nextCursor: null } })
  @ApiErrors(400, 401, 403)
  async list(@CurrentUser() user: AuthUser, @Query() q: CheckListQuery) {
    const qb = this.db.getRepository(CheckRow).createQueryBuilder('c');
    const inspector = await this.db.getRepository(InspectorRow).findOne({ where: { userId: user.id } });
    if (inspector && !hasRole(user, 'head', 'admin', 'auditor')) qb.andWhere(':me = ANY(c.inspectors)', { me: user.id });
    if (q.planId) qb.andWhere('c.plan_id = :plan', { plan: q.planId });
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    const p = await keysetPage(qb, q, 'c.created_at', 'c.id', (l) => [l.createdAt, l.id]);
    return { items: p.items.map(checkView), nextCursor: p.nextCursor };
  }

  @Post(':id/result')
  @HttpCode(200)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({
    summary:
      "Records one inspector's result of a check (each drawn inspector records; findings required for a violation; 403 for anyone else; 409 for an inspector who already recorded). All agree: the check closes (a violation opens a penalty case); they differ: disputed, reviewed by a head of enforcement",
  })
  @ApiOkResponse({
    type: CheckResultAnswerDto,
    example: { ...CHECK_EXAMPLE, status: 'violation', findings: '废水排放口 COD 超标', penaltyId: '0193a5c6-0000-7000-8000-0000000000e1' },
  })
  @ApiErrors(400, 401, 403, 404, 409)
  result(@CurrentUser() user: AuthUser, @Param() p: UuidParam, @Body() body: CheckResultDto, @Req() req: Request) {
    return this.checks.recordResult(user, p.id, body, String((req as Request & { id?: unknown }).id ?? randomUUID()));
  }
}
