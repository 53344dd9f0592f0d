import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public, Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { ListQuery } from '@permits/workflow-runtime';
import { UuidParam } from '../params';
import { CancelPlan } from './commands/cancel-plan';
import { DrawPlan } from './commands/draw-plan';
import { CancelPlanDto, CreatePlanDto, PlanInputsQuery } from './dto';
import { PlanQueries } from './plan.queries';
import {
  PLAN_EXAMPLE,
  PlanDetailDto,
  PlanDto,
  PlanInputsPageDto,
  PlanPageDto,
  PlanVerifyDto,
  PUBLIC_PLANS_EXAMPLE,
  PublicCheckPageDto,
  PublicPlanPageDto,
} from './responses';

const INPUTS_EXAMPLE = {
  kind: 'entities',
  items: [{ creditCode: '91310000MA1FL0XX2K', riskClass: 'key', positiveList: false, onlineMonitoring: true }],
  nextCursor: null,
};

/** "Double random" plans, for staff (API.md "Supervision"). */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1/supervision/plans')
export class PlansController {
  constructor(
    private readonly commands: CommandBus,
    private readonly plans: PlanQueries,
  ) {}

  @Post()
  @Roles('head', 'admin')
  @ApiOperation({
    summary:
      'Draws a "double random" plan (a head of enforcement, or admin) with a seed nobody chooses: 32 random bytes drawn by the service, answered only as seedCommitment (SHA-256) until the period ends. A seed in the body is 400; ratios below SUPERVISION_MIN_RATIOS are 400 naming the ratio; a second plan for the period is 409 PLAN_EXISTS unless the first was cancelled; 409 names the check the roster cannot staff',
  })
  @ApiCreatedResponse({ type: PlanDto, example: PLAN_EXAMPLE })
  @ApiErrors(400, 401, 403, 409)
  create(@CurrentUser() user: AuthUser, @Body() body: CreatePlanDto) {
    return this.commands.execute(new DrawPlan(user, body));
  }

  @Get()
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: 'Plans, newest first, with their checks (the seed once the period has ended)' })
  @ApiOkResponse({ type: PlanPageDto, example: { items: [PLAN_EXAMPLE], nextCursor: null } })
  @ApiErrors(400, 401, 403)
  list(@Query() q: ListQuery) {
    return this.plans.list(q);
  }

  @Get(':id')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({
    summary: 'One plan with its checks and its history (drawn, cancelled with the reason, by whom); its frozen inputs are paged at GET …/plans/{id}/inputs',
  })
  @ApiOkResponse({
    type: PlanDetailDto,
    example: {
      ...PLAN_EXAMPLE,
      drawnBy: 'head-enforcement-1',
      cancelledBy: null,
      history: [{ at: '2026-07-01T01:00:00.000Z', actor: 'head-enforcement-1', action: 'drawn', detail: { seedCommitment: PLAN_EXAMPLE.seedCommitment } }],
    },
  })
  @ApiErrors(400, 401, 403, 404)
  plan(@Param() p: UuidParam) {
    return this.plans.plan(p.id);
  }

  @Get(':id/inputs')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: "A page of a plan's frozen inputs in canonical order: the entities, or the roster with its conflicts" })
  @ApiOkResponse({ type: PlanInputsPageDto, example: INPUTS_EXAMPLE })
  @ApiErrors(400, 401, 403, 404)
  inputs(@Param() p: UuidParam, @Query() q: PlanInputsQuery) {
    return this.plans.inputs(p.id, q, false);
  }

  @Get(':id/verify')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({
    summary: 'Checks the stored seed against seedCommitment and draws again from the stored inputs and seed: ok, or the differences (reveals nothing)',
  })
  @ApiOkResponse({ type: PlanVerifyDto, example: { ok: true } })
  @ApiErrors(400, 401, 403, 404)
  verify(@Param() p: UuidParam) {
    return this.plans.verify(p.id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('head', 'admin')
  @ApiOperation({
    summary:
      'Cancels a plan (a head of enforcement, or admin) with a reason, audited and published; its open checks are withdrawn, recorded results stand; 409 once cancelled or after its period',
  })
  @ApiOkResponse({
    type: PlanDto,
    example: { ...PLAN_EXAMPLE, status: 'cancelled', cancelledAt: '2026-07-02T01:00:00.000Z', cancelReason: '名录有误，重新抽取' },
  })
  @ApiErrors(400, 401, 403, 404, 409)
  cancel(@CurrentUser() user: AuthUser, @Param() p: UuidParam, @Body() body: CancelPlanDto) {
    return this.commands.execute(new CancelPlan(user, p.id, body.reason));
  }
}

/** "One public": what is published of the plans, and when (no token). */
@ApiTags('public information')
@Controller('api/v1/public/supervision/plans')
export class PublicPlansController {
  constructor(private readonly plans: PlanQueries) {}

  @Get()
  @Public()
  @ApiOperation({
    summary:
      'Every plan (cancelled ones with their reason): name, period, ratios, counts per class, seedCommitment, inputsHash and algorithm from the draw on; the seed once the period has ended. The entities drawn with their outcomes, and the inputs, are paged at …/plans/{id}/checks and …/plans/{id}/inputs once the period has ended',
    security: [],
  })
  @ApiOkResponse({ type: PublicPlanPageDto, example: PUBLIC_PLANS_EXAMPLE })
  @ApiErrors(400)
  list(@Query() q: ListQuery) {
    return this.plans.publicList(q);
  }

  @Get(':id/checks')
  @Public()
  @ApiOperation({
    summary: 'The entities a plan drew, in draw order, with the outcome of each check and its published penalty: once the period has ended (403 before)',
    security: [],
  })
  @ApiOkResponse({
    type: PublicCheckPageDto,
    example: {
      items: [
        {
          creditCode: '91310000MA1FL0XX2K',
          offSite: false,
          outcome: 'violation',
          recordedOn: '2026-09-10',
          penalty: { decidedOn: '2026-10-20', publishedAt: '2026-10-22T02:00:00.000Z' },
        },
      ],
      nextCursor: null,
    },
  })
  @ApiErrors(400, 403, 404)
  checks(@Param() p: UuidParam, @Query() q: ListQuery) {
    return this.plans.publicChecks(p.id, q);
  }

  @Get(':id/inputs')
  @Public()
  @ApiOperation({
    summary:
      "A page of a plan's inputs in canonical order, once the period has ended (403 before): the entities as they stood, or the roster without its conflicts",
    security: [],
  })
  @ApiOkResponse({ type: PlanInputsPageDto, example: INPUTS_EXAMPLE })
  @ApiErrors(400, 403, 404)
  inputs(@Param() p: UuidParam, @Query() q: PlanInputsQuery) {
    return this.plans.inputs(p.id, q, true);
  }
}
