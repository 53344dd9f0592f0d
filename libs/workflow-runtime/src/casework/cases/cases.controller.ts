import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest as Request } from 'fastify';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { CaseworkQueries } from '../../casework.queries';
import { IdParam, MigrateDto, RecusalDto, WithdrawDto } from '../../dto';
import { CASE_VIEW_EXAMPLE, CaseViewDto } from '../../responses';
import { IdempotencyKeyHeader, requestMeta } from '../request';
import { DeclareRecusal, MigrateCase, ResumeCase, SuspendCase, WithdrawApplication } from './commands/case-commands';

/** A case as a whole: its view, and the commands on the whole case (withdraw, suspend, resume, migrate, recusal). */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1')
export class CasesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: CaseworkQueries,
  ) {}

  @Get('cases/:id')
  @ApiOperation({
    summary:
      "Any case the task list shows, by its caseId: a licence's (the owning service's part, merged by the gateway with intake's record, as GET /applications/:id) or a supervision case (inspection, alarm verification, penalty), which the gateway asks the supervision service for first",
  })
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 404)
  view(@CurrentUser() user: AuthUser, @Param() p: IdParam) {
    return this.queries.visibleView(p.id, user);
  }

  @Post('applications/:id/withdraw')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: 'Withdraw an application before its decision (the owning applicant)' })
  @IdempotencyKeyHeader()
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async withdraw(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: WithdrawDto, @Req() req: Request) {
    await this.commands.execute(new WithdrawApplication(user, p.id, body, requestMeta(req)));
    return this.queries.visibleView(p.id, user);
  }

  @Post('applications/:id/recusals')
  @HttpCode(201)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({
    summary:
      "Declare a recusal (回避) on a case: the caller stands aside from its tasks (409 CONFLICT_OF_INTEREST on them); in the case's history and audit, never in the applicant's view",
  })
  @ApiResponse({ status: 201, type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409)
  async recuse(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: RecusalDto, @Req() req: Request) {
    await this.commands.execute(new DeclareRecusal(user, p.id, body, requestMeta(req)));
    return this.queries.visibleView(p.id, user);
  }

  @Post('applications/:id/suspend')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Suspend a whole case (admin): no task can be completed until it is resumed' })
  @IdempotencyKeyHeader()
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async suspendCase(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: WithdrawDto, @Req() req: Request) {
    await this.commands.execute(new SuspendCase(user, p.id, body, requestMeta(req)));
    return this.queries.visibleView(p.id, user);
  }

  @Post('applications/:id/resume')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Resume a suspended case (admin)' })
  @IdempotencyKeyHeader()
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async resumeCase(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Req() req: Request) {
    await this.commands.execute(new ResumeCase(user, p.id, undefined, requestMeta(req)));
    return this.queries.visibleView(p.id, user);
  }

  @Post('applications/:id/migrate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Move a running case onto another version of its workflow, with an explicit step mapping' })
  @IdempotencyKeyHeader()
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async migrate(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: MigrateDto, @Req() req: Request) {
    await this.commands.execute(new MigrateCase(user, p.id, body, requestMeta(req)));
    return this.queries.visibleView(p.id, user);
  }
}
