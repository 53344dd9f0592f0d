import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest as Request } from 'fastify';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { CaseworkQueries } from '../../casework.queries';
import { IdParam, SignersDto } from '../../dto';
import { CASE_VIEW_EXAMPLE, CaseViewDto } from '../../responses';
import { IdempotencyKeyHeader, requestMeta } from '../request';
import { ChangeSigners } from './commands/change-signers';

/** The countersign (会签) step's departments. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1')
export class CountersignController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: CaseworkQueries,
  ) {}

  @Post('applications/:id/countersign/signers')
  @HttpCode(200)
  @Roles('head', 'admin')
  @ApiOperation({ summary: 'Add or remove departments of the open countersign step (head, admin)' })
  @IdempotencyKeyHeader()
  @ApiOkResponse({ type: CaseViewDto, example: CASE_VIEW_EXAMPLE })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async signers(@CurrentUser() user: AuthUser, @Param() p: IdParam, @Body() body: SignersDto, @Req() req: Request) {
    await this.commands.execute(new ChangeSigners(user, p.id, body, requestMeta(req)));
    return this.queries.visibleView(p.id, user);
  }
}
