import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@permits/http';
import { PUBLIC_DECISIONS_EXAMPLE, PublicDecisionPageDto } from '../responses';
import { Public } from '@permits/auth';
import { ListQuery } from '@permits/workflow-runtime';
import { IsIsoDate, DomainError } from '@permits/core';
import { PublicDecisionQueries } from './public-decisions.query';

export class PublicDecisionsQuery extends ListQuery {
  @ApiProperty({ example: '2026-01-01', description: 'first decision day (Asia/Shanghai), inclusive' })
  @IsIsoDate()
  from: string;

  @ApiProperty({ example: '2026-12-31', description: 'last decision day (Asia/Shanghai), inclusive' })
  @IsIsoDate()
  to: string;
}

/**
 * The "result published" stage (API.md, "Public information"): decided licences, for anyone, no token.
 * Only what the law publishes: licence type, project name, applicant name and credit code, outcome,
 * decision date and the permit or filing number; never materials, comments or staff. The number reaches
 * intake with the owner's status message (case.status-changed.v1), never from another service's tables.
 */
@ApiTags('public')
@Controller('api/v1/public')
export class PublicDecisionsController {
  constructor(private readonly queries: PublicDecisionQueries) {}

  @Get('decisions')
  @Public()
  @ApiOperation({ summary: 'Decided licences in a range of decision days (Asia/Shanghai, inclusive), newest first; no token', security: [] })
  @ApiOkResponse({ type: PublicDecisionPageDto, example: PUBLIC_DECISIONS_EXAMPLE })
  @ApiErrors(400)
  decisions(@Query() q: PublicDecisionsQuery) {
    // from and to are existing dates (IsIsoDate); a cursor this list did not issue is a 400 from the query
    if (q.from > q.to) throw new DomainError('VALIDATION_FAILED', [`from (${q.from}) is after to (${q.to})`]);
    return this.queries.decisions(q);
  }
}
