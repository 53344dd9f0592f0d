import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ENTITY_EXAMPLE, EntityDetailDto, EntityDto, EntityPageDto, FiguresDto, INSPECTOR_EXAMPLE, InspectorDto, InspectorPageDto } from './responses';
import { DataSource } from 'typeorm';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { FiguresQuery, CreditCodeParam, EntityListQuery, PutEntityDto, PutInspectorDto, UserIdParam } from './dto';
import { EntityHistoryRow, InspectorRow, RegulatedEntityRow } from './entities';
import { ListQuery } from '@permits/workflow-runtime';
import { keysetPage } from '@permits/core';
import { supervisionFigures, SupervisionService } from './supervision.service';
import { DomainError } from '@permits/core';

/** Supervision after approval (API.md "Supervision"): the register, the roster, plans, checks, penalties. */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1/supervision')
export class SupervisionController {
  constructor(
    private readonly service: SupervisionService,
    private readonly db: DataSource,
  ) {}

  @Get('entities')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: 'Regulated entities (holders of a valid permit or registration), kept in step with the permit register' })
  @ApiOkResponse({ type: EntityPageDto, example: { items: [ENTITY_EXAMPLE], nextCursor: null } })
  @ApiErrors(400, 401, 403)
  async entities(@Query() q: EntityListQuery) {
    const { today } = await this.service.today();
    const qb = this.db.getRepository(RegulatedEntityRow).createQueryBuilder('e').where('e.active');
    if (q.riskClass) qb.andWhere('e.risk_class = :rc', { rc: q.riskClass });
    const positive = `e.online_monitoring AND (e.penalty_until IS NULL OR e.penalty_until <= :today) AND (e.alarm_until IS NULL OR e.alarm_until <= :today) AND e.open_violations = 0`;
    if (q.positiveList === 'true') qb.andWhere(positive, { today });
    if (q.positiveList === 'false') qb.andWhere(`NOT (${positive})`, { today });
    const p = await keysetPage(qb, q, 'e.updated_at', 'e.credit_code', (l) => [l.updatedAt, l.creditCode]);
    return { items: p.items.map((e) => this.service.entityView(e, today)), nextCursor: p.nextCursor };
  }

  @Get('figures')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({
    summary:
      'Supervision figures for the business-environment report: entities by class, positive-list share, inspections per period (drawn, done, on-site, off-site, violations), penalties decided and published on time',
  })
  @ApiOkResponse({
    type: FiguresDto,
    example: {
      entities: { total: 120, key: 30, general: 90, onlineMonitoring: 40, positiveList: 60, positiveListShare: 0.5 },
      inspections: [{ period: '2026-Q3', drawn: 12, done: 10, onSite: 8, offSite: 2, violations: 1 }],
      penalties: { decided: 2, publishedOnTime: 2, publishedLate: 0, unpublished: 0 },
    },
  })
  @ApiErrors(400, 401, 403)
  async figures(@Query() q: FiguresQuery) {
    if (q.from > q.to) throw new DomainError('INVALID_INPUT', `from (${q.from}) is after to (${q.to})`);
    const { today } = await this.service.today();
    return supervisionFigures(this.db, q.from, q.to, today);
  }

  @Get('entities/:creditCode')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: 'One regulated entity with the history of every change' })
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
  async entity(@Param() p: CreditCodeParam) {
    const { today } = await this.service.today();
    const e = await this.db.getRepository(RegulatedEntityRow).findOne({ where: { creditCode: p.creditCode } });
    if (!e) throw new DomainError('NOT_FOUND', 'regulated entity not found');
    const history = await this.db.getRepository(EntityHistoryRow).find({ where: { creditCode: p.creditCode }, order: { id: 'ASC' } });
    return {
      ...this.service.entityView(e, today),
      permits: e.permits,
      penaltyUntil: e.penaltyUntil,
      alarmUntil: e.alarmUntil,
      history: history.map((h) => ({ at: h.at.toISOString(), actor: h.actor, action: h.action, detail: h.detail })),
    };
  }

  @Put('entities/:creditCode')
  @Roles('head', 'admin')
  @ApiOperation({ summary: 'Risk class and online monitoring (a head of enforcement or pollution, or admin); every change is kept' })
  @ApiOkResponse({ type: EntityDto, example: ENTITY_EXAMPLE })
  @ApiErrors(400, 401, 403, 404)
  setEntity(@CurrentUser() user: AuthUser, @Param() p: CreditCodeParam, @Body() body: PutEntityDto) {
    return this.service.setEntity(user, p.creditCode, body);
  }

  @Get('positive-list')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: 'Entities with no penalty decision in 2 years, no monitoring alarm in 6 months and no open violation' })
  @ApiOkResponse({ type: EntityPageDto, example: { items: [{ ...ENTITY_EXAMPLE, positiveList: true }], nextCursor: null } })
  @ApiErrors(400, 401, 403)
  positiveList(@Query() q: ListQuery) {
    return this.entities({ ...q, positiveList: 'true' } as EntityListQuery);
  }

  @Put('inspectors/:userId')
  @Roles('admin')
  @ApiOperation({ summary: 'Keeps the roster of law-enforcement inspectors, with their conflicts of interest (admin)' })
  @ApiOkResponse({ type: InspectorDto, example: INSPECTOR_EXAMPLE })
  @ApiErrors(400, 401, 403)
  putInspector(@Param() p: UserIdParam, @Body() body: PutInspectorDto) {
    return this.service.putInspector(p.userId, body);
  }

  @Get('inspectors')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: 'The inspector roster' })
  @ApiOkResponse({ type: InspectorPageDto, example: { items: [INSPECTOR_EXAMPLE], nextCursor: null } })
  @ApiErrors(400, 401, 403)
  async inspectors(@Query() q: ListQuery) {
    const p = await keysetPage(this.db.getRepository(InspectorRow).createQueryBuilder('i'), q, 'i.updated_at', 'i.user_id', (l) => [l.updatedAt, l.userId]);
    return { items: p.items.map((i) => ({ userId: i.userId, name: i.name, active: i.active, conflicts: i.conflicts })), nextCursor: p.nextCursor };
  }
}
