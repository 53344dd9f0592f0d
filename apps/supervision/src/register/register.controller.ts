import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { ListQuery } from '@permits/workflow-runtime';
import { ClassifyEntity } from './commands/classify-entity';
import { CreditCodeParam, EntityListQuery, PutEntityDto } from './dto';
import { RegisterQueries } from './register.queries';
import { ENTITY_EXAMPLE, EntityDetailDto, EntityDto, EntityPageDto } from './responses';

/**
 * Supervision after approval (API.md "Supervision"): the register of regulated entities and the positive list.
 * Operation ids keep the names they had when one SupervisionController served these routes (the generated client's
 * `operations` are keyed by them).
 */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1/supervision')
export class RegisterController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: RegisterQueries,
  ) {}

  @Get('entities')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({
    operationId: 'SupervisionController_entities',
    summary: 'Regulated entities (holders of a valid permit or registration), kept in step with the permit register',
  })
  @ApiOkResponse({ type: EntityPageDto, example: { items: [ENTITY_EXAMPLE], nextCursor: null } })
  @ApiErrors(400, 401, 403)
  entities(@Query() q: EntityListQuery) {
    return this.queries.list(q);
  }

  @Get('entities/:creditCode')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({
    operationId: 'SupervisionController_entity',
    summary: 'One regulated entity with the history of every change',
  })
  @ApiOkResponse({
    type: EntityDetailDto,
    example: {
      ...ENTITY_EXAMPLE,
      permits: { 'PW-2026-000001': { status: 'valid', licenseType: 'discharge_permit', managementCategory: 'key', validTo: '2031-12-09' } },
      penaltyUntil: null,
      alarmUntil: '2027-05-30',
      history: [{ at: '2026-11-30T03:00:00.000Z', actor: 'head-enforcement-1', action: 'risk_class_set', detail: { riskClass: 'key' } }],
    },
  })
  @ApiErrors(400, 401, 403, 404)
  entity(@Param() p: CreditCodeParam) {
    return this.queries.detail(p.creditCode);
  }

  @Put('entities/:creditCode')
  @Roles('head', 'admin')
  @ApiOperation({
    operationId: 'SupervisionController_setEntity',
    summary: 'Risk class and online monitoring (a head of enforcement or pollution, or admin); every change is kept',
  })
  @ApiOkResponse({ type: EntityDto, example: ENTITY_EXAMPLE })
  @ApiErrors(400, 401, 403, 404)
  setEntity(@CurrentUser() user: AuthUser, @Param() p: CreditCodeParam, @Body() body: PutEntityDto) {
    return this.commands.execute(new ClassifyEntity(user, p.creditCode, body));
  }

  @Get('positive-list')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({
    operationId: 'SupervisionController_positiveList',
    summary: 'Entities with no penalty decision in 2 years, no monitoring alarm in 6 months and no open violation',
  })
  @ApiOkResponse({ type: EntityPageDto, example: { items: [{ ...ENTITY_EXAMPLE, positiveList: true }], nextCursor: null } })
  @ApiErrors(400, 401, 403)
  positiveList(@Query() q: ListQuery) {
    return this.queries.list({ ...q, positiveList: 'true' } as EntityListQuery);
  }
}
