import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest as Request } from 'fastify';
import { AuthUser, CurrentUser, Public, Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { ListQuery } from '@permits/workflow-runtime';
import { correlationIdOf as cid, UuidParam } from '../params';
import { FileStatement } from './commands/file-statement';
import { ProposePenalty } from './commands/propose-penalty';
import { PublishPenalty } from './commands/publish-penalty';
import { RequestHearing } from './commands/request-hearing';
import { PenaltyListQuery, ProposalDto, StatementDto } from './dto';
import { PenaltyQueries } from './penalty.queries';
import { PENALTY_EXAMPLE, PenaltyDto, PenaltyPageDto, PUBLIC_PENALTY_EXAMPLE, PublicPenaltyPageDto } from './responses';

/** Penalty cases: the list, the legal section's proposal, the enterprise's statement and hearing request, publication. */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1/supervision/penalties')
export class PenaltiesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: PenaltyQueries,
  ) {}

  @Get()
  @Roles('officer', 'head', 'admin', 'auditor', 'applicant')
  @ApiOperation({ summary: 'Penalty cases opened by violations (a check or a confirmed alarm), newest first: staff see all, an enterprise its own' })
  @ApiOkResponse({ type: PenaltyPageDto, example: { items: [PENALTY_EXAMPLE], nextCursor: null } })
  @ApiErrors(400, 401, 403)
  list(@CurrentUser() user: AuthUser, @Query() q: PenaltyListQuery) {
    return this.queries.list(user, q);
  }

  @Get(':id')
  @Roles('officer', 'head', 'admin', 'auditor', 'applicant')
  @ApiOperation({ summary: 'One penalty case (staff; the enterprise: its own, 404 otherwise)' })
  @ApiOkResponse({ type: PenaltyDto, example: PENALTY_EXAMPLE })
  @ApiErrors(400, 401, 403, 404)
  one(@CurrentUser() user: AuthUser, @Param() p: UuidParam) {
    return this.queries.one(user, p.id);
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
    return this.commands.execute(new ProposePenalty(user, p.id, body, cid(req)));
  }

  @Post(':id/statements')
  @HttpCode(201)
  @Roles('applicant')
  @ApiOperation({ summary: 'The enterprise states its defence (its own penalty only), within 3 working days of the notice (409 after)' })
  @ApiCreatedResponse({ type: PenaltyDto, example: { ...PENALTY_EXAMPLE, status: 'open' } })
  @ApiErrors(400, 401, 403, 404, 409)
  statement(@CurrentUser() user: AuthUser, @Param() p: UuidParam, @Body() body: StatementDto, @Req() req: Request) {
    return this.commands.execute(new FileStatement(user, p.id, body.text, cid(req)));
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
    return this.commands.execute(new RequestHearing(user, p.id, cid(req)));
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('head', 'admin')
  @ApiOperation({ summary: 'Publishes a decided penalty (a head of enforcement, or admin): due within 7 working days of the decision' })
  @ApiOkResponse({ type: PenaltyDto, example: PENALTY_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409)
  publish(@CurrentUser() user: AuthUser, @Param() p: UuidParam, @Req() req: Request) {
    return this.commands.execute(new PublishPenalty(user, p.id, cid(req)));
  }
}

/** Published penalty decisions, no token (API.md "Public information"). */
@ApiTags('public information')
@Controller('api/v1/public/penalties')
export class PublicPenaltiesController {
  constructor(private readonly queries: PenaltyQueries) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Published penalty decisions, newest first: enterprise name and credit code, facts, legal basis, sanction, decision number and date',
    security: [],
  })
  @ApiOkResponse({ type: PublicPenaltyPageDto, example: { items: [PUBLIC_PENALTY_EXAMPLE], nextCursor: null } })
  @ApiErrors(400)
  list(@Query() q: ListQuery) {
    return this.queries.published(q);
  }
}
