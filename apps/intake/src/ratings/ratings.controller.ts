import { Body, Controller, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest as Request } from 'fastify';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { IdParam } from '@permits/workflow-runtime';
import { RateApplication } from './commands/rate-application';
import { RecordHandledOutside } from './commands/record-handled-outside';
import { HandledOutsideAnswerDto, HandledOutsideDto, RATING_EXAMPLE, RateDto, RatingDto } from './rating.dto';

const cid = (req: Request) => String((req as Request & { id?: unknown }).id ?? '');

@ApiTags('applications')
@ApiBearerAuth()
@Controller('api/v1/applications')
export class RatingsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/rating')
  @Roles('applicant')
  @ApiOperation({
    summary:
      "Rate the service once after the decision (好差评, the enterprise holding the application): 409 NOT_DECIDED before it, 409 ALREADY_RATED a second time; another enterprise's application 404; a 1 or 2 opens a follow-up task for the window",
  })
  @ApiCreatedResponse({ type: RatingDto, example: RATING_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409)
  rate(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: RateDto, @Req() req: Request): Promise<RatingDto> {
    return this.commands.execute(new RateApplication(user, p.id, body, cid(req)));
  }
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class HandledOutsideController {
  constructor(private readonly commands: CommandBus) {}

  @Post('handled-outside')
  @Roles('admin', 'head')
  @ApiOperation({
    summary:
      'Record cases handled outside the system (received on paper, not filed here): an administrator or a head of the window; the single-window acceptance rate counts them against the window',
  })
  @ApiCreatedResponse({
    type: HandledOutsideAnswerDto,
    example: {
      id: '0193a5c6-0000-7000-8000-0000000000a1',
      subItemCode: 'HB-005-01',
      receivedOn: '2026-11-03',
      count: 2,
      reason: '系统停机期间纸质受理',
      recordedBy: 'window-head-1',
      recordedAt: '2026-11-04T02:00:00.000Z',
    },
  })
  @ApiErrors(400, 401, 403)
  record(@CurrentUser() user: AuthUser, @Body() body: HandledOutsideDto): Promise<HandledOutsideAnswerDto> {
    return this.commands.execute(new RecordHandledOutside(user, body));
  }
}
