import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { CaseworkQueries } from '../../casework.queries';
import { SLA_OVERVIEW_EXAMPLE, SlaOverviewDto } from '../../responses';

/** The SLA overview of this service's cases. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1')
export class SlaController {
  constructor(private readonly queries: CaseworkQueries) {}

  @Get('sla/overview')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: 'Open cases by SLA level, paused cases, and per licence type the closed cases and their figures (staff, auditor)' })
  @ApiOkResponse({ type: SlaOverviewDto, example: SLA_OVERVIEW_EXAMPLE })
  @ApiErrors(401, 403)
  overview() {
    return this.queries.slaOverview();
  }
}
