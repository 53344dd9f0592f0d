import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest as Request } from 'fastify';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { CaseworkQueries } from '../../casework.queries';
import { ExtensionDto, IdParam, ResumeClockDto, SuspendClockDto } from '../../dto';
import { CASE_VIEW_EXAMPLE, CaseViewDto } from '../../responses';
import { requestMeta } from '../request';
import { ExtendLimit, OrderOnSiteCheck, ResumeClock, SuspendClock } from './commands/clock-commands';

/** The statutory clock of a case: suspension (中止) and resumption, the one extension, the on-site check's longer limits. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1')
export class ClockController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: CaseworkQueries,
  ) {}

  @Post('applications/:id/clock/suspend')
  @HttpCode(200)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({
    summary: 'Pause the statutory clock (expert review, technical assessment, hearing, inspection and testing, public notice); 409 when not running',
  })
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409)
  async suspend(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: SuspendClockDto, @Req() req: Request) {
    await this.commands.execute(new SuspendClock(user, p.id, body, requestMeta(req)));
    return this.queries.visibleView(p.id, user);
  }

  @Post('applications/:id/clock/resume')
  @HttpCode(200)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({ summary: 'Restart a paused statutory clock; 409 when not paused' })
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409)
  async resume(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: ResumeClockDto, @Req() req: Request) {
    await this.commands.execute(new ResumeClock(user, p.id, body, requestMeta(req)));
    return this.queries.visibleView(p.id, user);
  }

  @Post('applications/:id/extensions')
  @HttpCode(200)
  @Roles('head')
  @ApiOperation({
    summary:
      "Extend the statutory limit once by 1 to 10 working days (a head of the department holding the case's decision step); 409 for a second extension, after the deadline, or EXTENSION_NOT_ALLOWED where a special law sets the limit",
  })
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409)
  async extend(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: ExtensionDto, @Req() req: Request) {
    await this.commands.execute(new ExtendLimit(user, p.id, body, requestMeta(req)));
    return this.queries.visibleView(p.id, user);
  }

  @Post('applications/:id/on-site-check')
  @HttpCode(200)
  @Roles('officer', 'head', 'admin')
  @ApiOperation({
    summary: 'The review found an on-site check necessary: the case takes the longer limits its sub-item names (discharge permits, key management: 45 days)',
  })
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409)
  async onSiteCheck(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: ResumeClockDto, @Req() req: Request) {
    await this.commands.execute(new OrderOnSiteCheck(user, p.id, body, requestMeta(req)));
    return this.queries.visibleView(p.id, user);
  }
}
