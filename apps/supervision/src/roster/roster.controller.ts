import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { ListQuery } from '@permits/workflow-runtime';
import { PutInspector } from './commands/put-inspector';
import { PutInspectorDto, UserIdParam } from './dto';
import { INSPECTOR_EXAMPLE, InspectorDto, InspectorPageDto } from './responses';
import { RosterQueries } from './roster.queries';

/**
 * The roster of law-enforcement inspectors (API.md "Supervision").
 * Operation ids keep the names they had when one SupervisionController served these routes (the generated client's
 * `operations` are keyed by them).
 */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1/supervision')
export class RosterController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: RosterQueries,
  ) {}

  @Put('inspectors/:userId')
  @Roles('admin')
  @ApiOperation({
    operationId: 'SupervisionController_putInspector',
    summary: 'Keeps the roster of law-enforcement inspectors, with their conflicts of interest (admin)',
  })
  @ApiOkResponse({ type: InspectorDto, example: INSPECTOR_EXAMPLE })
  @ApiErrors(400, 401, 403)
  putInspector(@Param() p: UserIdParam, @Body() body: PutInspectorDto) {
    return this.commands.execute(new PutInspector(p.userId, body));
  }

  @Get('inspectors')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({
    operationId: 'SupervisionController_inspectors',
    summary: 'The inspector roster',
  })
  @ApiOkResponse({ type: InspectorPageDto, example: { items: [INSPECTOR_EXAMPLE], nextCursor: null } })
  @ApiErrors(400, 401, 403)
  inspectors(@Query() q: ListQuery) {
    return this.queries.list(q);
  }
}
