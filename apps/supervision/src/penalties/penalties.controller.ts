import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthUser, CurrentUser, hasRole, isStaff, Public, Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { ListQuery } from '@permits/workflow-runtime';
import { UuidParam } from '../dto';
import { PenaltyRow } from '../entities';
import { keysetPage } from '@permits/core';
import { PenaltyListQuery, ProposalDto, StatementDto } from './dto';
import { PenaltiesService, penaltyView, publicPenaltyView } from './penalties.service';
import { PENALTY_EXAMPLE, PenaltyDto, PenaltyPageDto, PUBLIC_PENALTY_EXAMPLE, PublicPenaltyPageDto } from './responses';

const cid = (req: Request) => String((req as Request & { id?: unknown }).id ?? randomUUID());

/** Penalty cases: the list, the legal section's proposal, the enterprise's statement and hearing request, publication. */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1/supervision/penalties')
export class PenaltiesController {
  constructor(
    private readonly penalties: PenaltiesService,
    private readonly db: DataSource,
  ) {}

  @Get()
  @Roles('officer', 'head', 'admin', 'auditor', 'applicant')
  @ApiOperation({ summary: 'Penalty cases opened by violations (a check or a confirmed alarm), newest first: staff see all, an enterprise its own' })
  @ApiOkResponse({ type: PenaltyPageDto, example: { items: [PENALTY_EXAMPLE], nextCursor: null } })
  @ApiErrors(400, 401, 403)
  async list(@CurrentUser() user: AuthUser, @Query() q: PenaltyListQuery) {
    const staff = isStaff(user) || hasRole(user, 'auditor');
    const qb = this.db.getRepository(PenaltyRow).createQueryBuilder('p');
    if (!staff) qb.andWhere('p.credit_code = :cc', { cc: user.creditCode ?? '' });
    if (q.status) qb.andWhere('p.status = :status', { status: q.status });
    const page = await keysetPage(qb, q, 'p.created_at', 'p.id', (l) => [l.createdAt, l.id]);
    return { items: page.items.map((p) => penaltyView(p, staff)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Roles('officer', 'head', 'admin', 'auditor', 'applicant')
  @ApiOperation({ summary: 'One penalty case (staff; the enterprise: its own, 404 otherwise)' })
  @ApiOkResponse({ type: PenaltyDto, example: PENALTY_EXAMPLE })
  @ApiErrors(400, 401, 403, 404)
  async one(@CurrentUser() user: AuthUser, @Param() p: UuidParam) {
    return penaltyView(await this.penalties.visible(user, p.id), isStaff(user) || hasRole(user, 'auditor'));
  }

  @Put(':id/proposal')
  @Roles('officer', 'head')
  @ApiOperation({
    summary:
      "The legal section's proposal during its legal review: facts, legal basis and sanction (a fine with its amount in yuan); approving the review without one is 409",
  })
  @ApiOkResponse({
    type: PenaltyDto,
    example: {
      ...PENALTY_EXAMPLE,
      status: 'open',
      decisionNo: null,
      decidedOn: null,
      publishBy: null,
      publishedOn: null,
      publishedAt: null,
      publishedOnTime: null,
      statementDue: null,
      statements: [],
    },
  })
  @ApiErrors(400, 401, 403, 404, 409)
  propose(@CurrentUser() user: AuthUser, @Param() p: UuidParam, @Body() body: ProposalDto, @Req() req: Request) {
    return this.penalties.propose(user, p.id, body, cid(req));
  }

  @Post(':id/statements')
  @HttpCode(201)
  @Roles('applicant')
  @ApiOperation({ summary: 'The enterprise states its defence (its own penalty only), within 3 working days of the notice (409 after)' })
  @ApiCreatedResponse({ type: PenaltyDto, example: { ...PENALTY_EXAMPLE, status: 'open' } })
  @ApiErrors(400, 401, 403, 404, 409)
  statement(@CurrentUser() user: AuthUser, @Param() p: UuidParam, @Body() body: StatementDto, @Req() req: Request) {
    return this.penalties.statement(user, p.id, body.text, cid(req));
  }

  @Post(':id/hearing')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({
    summary:
      'The enterprise asks for a hearing: a fine of at least HEARING_THRESHOLD_YUAN, within 5 working days of the notice; the decision waits for the hearing',
  })
  @ApiOkResponse({ type: PenaltyDto, example: { ...PENALTY_EXAMPLE, status: 'open', hearingRequested: true } })
  @ApiErrors(400, 401, 403, 404, 409)
  hearing(@CurrentUser() user: AuthUser, @Param() p: UuidParam, @Req() req: Request) {
    return this.penalties.hearing(user, p.id, cid(req));
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('head', 'admin')
  @ApiOperation({ summary: 'Publishes a decided penalty (a head of enforcement, or admin): due within 7 working days of the decision' })
  @ApiOkResponse({ type: PenaltyDto, example: PENALTY_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409)
  publish(@CurrentUser() user: AuthUser, @Param() p: UuidParam, @Req() req: Request) {
    return this.penalties.publish(user, p.id, cid(req));
  }
}

/** Published penalty decisions, no token (API.md "Public information"). */
@ApiTags('public information')
@Controller('api/v1/public/penalties')
export class PublicPenaltiesController {
  constructor(private readonly db: DataSource) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Published penalty decisions, newest first: enterprise name and credit code, facts, legal basis, sanction, decision number and date',
    security: [],
  })
  @ApiOkResponse({ type: PublicPenaltyPageDto, example: { items: [PUBLIC_PENALTY_EXAMPLE], nextCursor: null } })
  @ApiErrors(400)
  async list(@Query() q: ListQuery) {
    const qb = this.db.getRepository(PenaltyRow).createQueryBuilder('p').where('p.published_at IS NOT NULL');
    const page = await keysetPage(qb, q, 'p.published_at', 'p.id', (l) => [l.publishedAt as Date, l.id]);
    return { items: page.items.map(publicPenaltyView), nextCursor: page.nextCursor };
  }
}
