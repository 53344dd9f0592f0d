import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { FiguresQuery } from './dto';
import { FiguresQueries } from './figures.queries';
import { FiguresDto } from './responses';

/**
 * Supervision's figures for the business-environment report (API.md "Supervision").
 * Operation ids keep the names they had when one SupervisionController served these routes (the generated client's
 * `operations` are keyed by them).
 */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1/supervision')
export class FiguresController {
  constructor(private readonly queries: FiguresQueries) {}

  @Get('figures')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({
    operationId: 'SupervisionController_figures',
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
  figures(@Query() q: FiguresQuery) {
    return this.queries.figures(q.from, q.to);
  }
}
