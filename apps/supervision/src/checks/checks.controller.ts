import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest as Request } from 'fastify';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { correlationIdOf, UuidParam } from '../params';
import { CheckQueries } from './check.queries';
import { RecordCheckResult } from './commands/record-check-result';
import { CheckListQuery, CheckResultDto } from './dto';
import { CHECK_EXAMPLE, CheckPageDto, CheckResultAnswerDto } from './responses';

/** Checks of the plans: the inspectors' own list, and each inspector's result. */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1/supervision/checks')
export class ChecksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: CheckQueries,
  ) {}

  @Get()
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: 'Checks: an inspector on the roster sees their own; other staff see all' })
  @ApiOkResponse({ type: CheckPageDto, example: { items: [CHECK_EXAMPLE], nextCursor: null } })
  @ApiErrors(400, 401, 403)
  list(@CurrentUser() user: AuthUser, @Query() q: CheckListQuery) {
    return this.queries.list(user, q);
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
    return this.commands.execute(new RecordCheckResult(user, p.id, body, correlationIdOf(req)));
  }
}
