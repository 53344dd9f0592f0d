import { Controller, Get, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '@permits/auth';
import { IntegrityPart, IntegrityRangeQuery, rangeInstants } from './integrity';
import { IntegrityPartQueries } from './integrity-part';

/** /internal/integrity: this service's part of the integrity report (the gateway never routes /internal from outside). */
@ApiExcludeController()
@Controller('internal')
export class IntegrityPartController {
  constructor(private readonly queries: IntegrityPartQueries) {}

  @Get('integrity')
  @Roles('auditor', 'admin')
  async part(@Query() q: IntegrityRangeQuery): Promise<IntegrityPart> {
    return this.queries.part(rangeInstants(q.from, q.to));
  }
}
