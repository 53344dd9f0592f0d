import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@permits/http';
import { APPLICATION_EXAMPLE, ApplicationDto } from '@permits/workflow-runtime/responses';
import { APPLICATION_PAGE_EXAMPLE, ApplicationPageDto, SUBMITTED_EXAMPLE, SubmittedApplicationDto } from '../responses';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { AuthUser, CurrentUser, isStaff, Roles } from '@permits/auth';
import { IdParam } from '@permits/workflow-runtime';
import { ApplicationQueries } from './application.queries';
import { SubmitApplication } from './commands/submit-application';
import { SupplementApplication } from './commands/supplement-application';
import { ApplicationListQuery, SubmitApplicationDto, SupplementDto } from './dto';
import { DomainError } from '@permits/core';

const cid = (req: Request) => String((req as Request & { id?: unknown }).id ?? '');

@ApiTags('applications')
@ApiBearerAuth()
@Controller('api/v1/applications')
export class ApplicationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ApplicationQueries,
  ) {}

  @Post()
  // an applicant for its enterprise; a window clerk at the counter with onBehalfOf (the rule: counter/counter.ts filerFor)
  @Roles('applicant', 'officer', 'head')
  @ApiOperation({ summary: 'File an application (201; the same Idempotency-Key and body: the same application, 200)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key and body again: the same application (200), nothing new; another body: 422',
  })
  @ApiCreatedResponse({
    type: SubmittedApplicationDto,
    description: 'filed (a filing answered at once: approved, with its filingNo)',
    example: SUBMITTED_EXAMPLE,
  })
  @ApiOkResponse({
    type: SubmittedApplicationDto,
    description: 'the same Idempotency-Key and body again: the application filed before',
    example: SUBMITTED_EXAMPLE,
  })
  @ApiErrors(400, 401, 403, 413, 422)
  async submit(
    @CurrentUser() user: AuthUser,
    @Body() body: SubmitApplicationDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key))
      throw new DomainError('VALIDATION_FAILED', ['Idempotency-Key must be 1-200 visible ASCII characters']);
    const { created, application } = await this.commands.execute(
      new SubmitApplication(user, body, key, cid(req), { authorization: req.headers.authorization }),
    );
    void res.status(created ? 201 : 200);
    return application;
  }

  @Get()
  @ApiOperation({ summary: "The caller's applications (applicant) or all (staff), newest first" })
  @ApiOkResponse({ type: ApplicationPageDto, example: APPLICATION_PAGE_EXAMPLE })
  @ApiErrors(400, 401, 403)
  list(@CurrentUser() user: AuthUser, @Query() q: ApplicationListQuery) {
    if (!user.roles.includes('applicant') && !isStaff(user) && !user.roles.includes('auditor')) throw new DomainError('FORBIDDEN', 'Forbidden');
    return this.queries.list(user, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An application with its open tasks, history and statutory clock' })
  @ApiOkResponse({ type: ApplicationDto, example: APPLICATION_EXAMPLE })
  @ApiErrors(400, 401, 404)
  get(@CurrentUser() user: AuthUser, @Param() p: IdParam) {
    return this.queries.detail(user, p.id);
  }

  @Post(':id/supplements')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: 'Hand in the corrected materials; the case goes back to the window' })
  @ApiOkResponse({ type: ApplicationDto, example: { ...APPLICATION_EXAMPLE, status: 'submitted', owner: 'intake' } })
  @ApiErrors(400, 401, 403, 404, 409)
  async supplement(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: SupplementDto, @Req() req: Request) {
    await this.commands.execute(new SupplementApplication(user, p.id, body, cid(req)));
    return this.queries.detail(user, p.id);
  }
}
